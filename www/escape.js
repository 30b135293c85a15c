/** `s` as HTML text or a double-quoted attribute value: markup characters as references. */
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
}
