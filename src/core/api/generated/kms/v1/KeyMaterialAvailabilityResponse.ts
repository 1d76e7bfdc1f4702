// Original file: proto/kms.v1.proto


export interface KeyMaterialAvailabilityResponse {
  'fhe_key_ids'?: (string)[];
  'crs_ids'?: (string)[];
  'preprocessing_ids'?: (string)[];
  'storage_info'?: (string);
}

export interface KeyMaterialAvailabilityResponse__Output {
  'fhe_key_ids': (string)[];
  'crs_ids': (string)[];
  'preprocessing_ids': (string)[];
  'storage_info': (string);
}
