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
