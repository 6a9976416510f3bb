// Distinct bytes for the same firmware: a trailing custom section carrying a counter. V8 caches
// compiled modules by their bytes, so compile timings use a fresh variant every time.
export function wasmVariant(bytes: Uint8Array, counter: number): Uint8Array<ArrayBuffer> {
  const name = new TextEncoder().encode('hpa-bench');
  const payload = new TextEncoder().encode(`variant ${counter} ${Math.random()}`);
  const body = [...leb128(name.length), ...name, ...payload];
  const section = Uint8Array.from([0, ...leb128(body.length), ...body]);
  const out = new Uint8Array(bytes.length + section.length);
  out.set(bytes);
  out.set(section, bytes.length);
  return out;
}

function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}
