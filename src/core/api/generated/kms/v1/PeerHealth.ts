// Original file: proto/kms.v1.proto


export interface PeerHealth {
  'peer_id'?: (number);
  'endpoint'?: (string);
  'reachable'?: (boolean);
  'latency_ms'?: (number);
  'error'?: (string);
}

export interface PeerHealth__Output {
  'peer_id': (number);
  'endpoint': (string);
  'reachable': (boolean);
  'latency_ms': (number);
  'error': (string);
}
