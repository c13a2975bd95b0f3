// Package readfile reads whole files as os.ReadFile does, with fewer
// system calls on Unix: os.File registers every file it opens with the
// runtime's poller and sets its flags (an epoll_ctl and several fcntl
// calls that a regular file refuses), which costs as much as the read
// itself when a run reads thousands of small files.
package readfile

// ReadFile reads the file named by name and returns its contents, as
// os.ReadFile does: a nil error at end of file, an *fs.PathError
// otherwise.
func ReadFile(name string) ([]byte, error) { return readFile(name, nil) }

// ReadFileInto is ReadFile reading into buf's memory when the file fits
// in its capacity (the result then shares it), into new memory otherwise.
// A caller that reads many files and keeps few passes the same buffer
// again for the next file once it drops the bytes of the last one.
func ReadFileInto(name string, buf []byte) ([]byte, error) { return readFile(name, buf[:0]) }

// buffer returns the buffer to read a file of size bytes into: into when
// it has room for one byte more (so that the read seeing the end of the
// file needs no larger buffer), new memory otherwise.
func buffer(into []byte, size int) []byte {
	if cap(into) < size+1 {
		return make([]byte, 0, size+1)
	}
	return into[:0]
}

// room returns buf with room for more bytes after its length.
func room(buf []byte) []byte {
	if len(buf) == cap(buf) {
		return append(buf, 0)[:len(buf)]
	}
	return buf
}
