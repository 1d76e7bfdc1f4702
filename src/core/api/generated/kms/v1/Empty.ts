// Original file: proto/kms.v1.proto


export interface Empty {
}

export interface Empty__Output {
}
