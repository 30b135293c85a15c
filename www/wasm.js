// The loader's side of the module's interface (src/wasm.rs): a request is fields joined by
// NUL, written into memory the module hands out; the answer is read back as text.

/** @returns {(op: number, fields: string[]) => string} */
export function connect(exports) {
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  return function (op, fields) {
    var bytes = encoder.encode(fields.join('\0'));
    var at = exports.alloc(bytes.length);
    new Uint8Array(exports.memory.buffer).set(bytes, at);
    var out = exports.run(op, at, bytes.length);
    return decoder.decode(new Uint8Array(exports.memory.buffer, out, exports.out_len()));
  };
}
