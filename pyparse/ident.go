package pyparse

// IdentByte reports whether b may be part of a Python identifier: a
// letter, a digit, an underscore, or any byte of a multi-byte UTF-8
// character (Python takes most non-ASCII letters). Text scans use it to
// tell a whole word from part of a longer one.
func IdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}
