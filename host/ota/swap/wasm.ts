// Compiling firmware bytes (Node's Buffers are typed over ArrayBufferLike; Wasm wants ArrayBuffer).
export const compileFirmware = (bytes: Uint8Array): WebAssembly.Module => new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
