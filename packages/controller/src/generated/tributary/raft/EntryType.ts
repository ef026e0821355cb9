// Original file: ../../proto/raft.proto

export const EntryType = {
  NORMAL: 'NORMAL',
  VOTERS_CHANGE: 'VOTERS_CHANGE',
} as const;

export type EntryType =
  | 'NORMAL'
  | 0
  | 'VOTERS_CHANGE'
  | 1

export type EntryType__Output = typeof EntryType[keyof typeof EntryType]
