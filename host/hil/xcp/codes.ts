// ASAM MCD-1 XCP 1.x protocol layer constants (Part 2): command codes, packet identifiers, error codes.
export const CMD = {
  CONNECT: 0xff, DISCONNECT: 0xfe, GET_STATUS: 0xfd, SYNCH: 0xfc, GET_COMM_MODE_INFO: 0xfb, GET_ID: 0xfa,
  SET_MTA: 0xf6, UPLOAD: 0xf5, SHORT_UPLOAD: 0xf4, BUILD_CHECKSUM: 0xf3, DOWNLOAD: 0xf0, SHORT_DOWNLOAD: 0xed,
  SET_CAL_PAGE: 0xeb, GET_CAL_PAGE: 0xea, COPY_CAL_PAGE: 0xe4,
  CLEAR_DAQ_LIST: 0xe3, SET_DAQ_PTR: 0xe2, WRITE_DAQ: 0xe1, SET_DAQ_LIST_MODE: 0xe0, START_STOP_DAQ_LIST: 0xde,
  START_STOP_SYNCH: 0xdd, GET_DAQ_PROCESSOR_INFO: 0xda, GET_DAQ_RESOLUTION_INFO: 0xd9, GET_DAQ_EVENT_INFO: 0xd7, FREE_DAQ: 0xd6, ALLOC_DAQ: 0xd5, ALLOC_ODT: 0xd4, ALLOC_ODT_ENTRY: 0xd3,
} as const;

export const PID = { RES: 0xff, ERR: 0xfe, EV: 0xfd, SERV: 0xfc } as const;

export const ERR = {
  CMD_SYNCH: 0x00, CMD_BUSY: 0x10, DAQ_ACTIVE: 0x11, CMD_UNKNOWN: 0x20, CMD_SYNTAX: 0x21, OUT_OF_RANGE: 0x22,
  WRITE_PROTECTED: 0x23, ACCESS_DENIED: 0x24, ACCESS_LOCKED: 0x25, PAGE_NOT_VALID: 0x26, MODE_NOT_VALID: 0x27,
  SEGMENT_NOT_VALID: 0x28, SEQUENCE: 0x29, DAQ_CONFIG: 0x2a, MEMORY_OVERFLOW: 0x30, GENERIC: 0x31, VERIFY: 0x32,
} as const;

/** CONNECT response RESOURCE bits. */
export const RESOURCE = { CAL_PAG: 0x01, DAQ: 0x04 } as const;
/** GET_ID identification types (1.x; 5 = EPK as XCP 1.3 tools request it). */
export const ID_TYPE = { ASCII: 0, ASAM_MC2_NAME: 1, EPK: 5 } as const;
/** BUILD_CHECKSUM type XCP_CRC_32 (the CRC-32 of IEEE 802.3: check value 0xCBF43926). */
export const CHECKSUM_CRC_32 = 0x09;

export const MAX_CTO = 252;
export const MAX_DTO = 1024;
