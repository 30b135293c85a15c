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

/**
 * A JSON value, as the browser's own JSON.parse read it, written as the request fields the
 * module reads (src/core/json.rs, `read_fields`) and appended to `out`: the module carries no
 * JSON reader. NUL separates the fields: in a text it reads as U+FFFD (`soglasie check` reads
 * `\u0000` so too). Past the depth the module reads (32), a field it refuses stands for the
 * rest: it then says "nested too deeply", and no stack overflows here.
 */
export function jsonFields(value, out, depth) {
  depth = depth || 0;
  if (depth > 32 && value !== null && typeof value === 'object') {
    out.push('!');
  } else if (Array.isArray(value)) {
    out.push('[');
    value.forEach(function (item) { jsonFields(item, out, depth + 1); });
    out.push(']');
  } else if (value !== null && typeof value === 'object') {
    out.push('{');
    Object.keys(value).forEach(function (key) {
      out.push('"' + key.replace(/\0/g, '\ufffd'));
      jsonFields(value[key], out, depth + 1);
    });
    out.push('}');
  } else if (typeof value === 'string') {
    out.push('"' + value.replace(/\0/g, '\ufffd'));
  } else {
    out.push(typeof value === 'number' ? '#' + value : value === null ? 'n' : value ? 't' : 'f');
  }
  return out;
}
