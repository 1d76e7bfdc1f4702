// Original file: proto/kms.v1.proto


export interface Eip712DomainMsg {
  'name'?: (string);
  'version'?: (string);
  'chain_id'?: (Buffer | Uint8Array | string);
  'verifying_contract'?: (string);
  'salt'?: (Buffer | Uint8Array | string);
  '_salt'?: "salt";
}

export interface Eip712DomainMsg__Output {
  'name': (string);
  'version': (string);
  'chain_id': (Buffer);
  'verifying_contract': (string);
  'salt'?: (Buffer);
  '_salt'?: "salt";
}
