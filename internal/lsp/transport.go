package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"

	"go.lsp.dev/jsonrpc2"
)

// stdCodec encodes payloads with encoding/json, the package the protocol
// types (glsp's protocol_3_16) are written for: their MarshalJSON methods,
// omitempty and nil slices mean what they mean there. HTML characters are
// not escaped, as jsonrpc2.Codec requires.
type stdCodec struct{}

// Marshal implements jsonrpc2.Codec.
func (stdCodec) Marshal(v any) ([]byte, error) {
	switch m := v.(type) {
	case nil:
		return []byte("null"), nil
	case jsonrpc2.RawMessage:
		return m, nil
	case json.RawMessage:
		return m, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Unmarshal implements jsonrpc2.Codec.
func (stdCodec) Unmarshal(data []byte, v any) error {
	switch m := v.(type) {
	case *jsonrpc2.RawMessage:
		*m = append((*m)[:0], data...)
		return nil
	case *json.RawMessage:
		*m = append((*m)[:0], data...)
		return nil
	}
	return json.Unmarshal(data, v)
}

// frameReader is the header framer's raw read: the body of one
// Content-Length frame, not yet decoded.
type frameReader interface {
	ReadFrame(ctx context.Context) ([]byte, int64, error)
}

// tolerantStream answers a frame that is not a JSON-RPC message (invalid
// JSON, a batch, an object without a method) with a JSON-RPC error response
// (id null, as the specification asks when the id cannot be read) and reads
// on, where the connection would otherwise end. A frame whose header is
// broken cannot be skipped safely and still ends the connection.
type tolerantStream struct {
	jsonrpc2.Stream
	frames frameReader
}

func newTolerantStream(rwc io.ReadWriteCloser) jsonrpc2.Stream {
	s := jsonrpc2.NewHeaderStream(rwc)
	fr, ok := s.(frameReader)
	if !ok {
		return s
	}
	return &tolerantStream{Stream: s, frames: fr}
}

// Read implements jsonrpc2.Stream.
func (s *tolerantStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		frame, n, err := s.frames.ReadFrame(ctx)
		if err != nil {
			return nil, n, err
		}
		msg, err := jsonrpc2.DecodeMessage(frame)
		if err == nil {
			return msg, n, nil
		}
		var rpcErr *jsonrpc2.Error
		if !errors.As(err, &rpcErr) {
			rpcErr = jsonrpc2.NewError(jsonrpc2.ParseError, err.Error())
		}
		if _, werr := s.Stream.Write(ctx, jsonrpc2.NewResponse(jsonrpc2.ID{}, nil, rpcErr)); werr != nil {
			return nil, n, werr
		}
	}
}

// stdio is the server's end of the connection: it reads in and writes out.
type stdio struct {
	io.Reader
	io.Writer
}

// Close implements io.Closer; the process's standard streams stay open.
func (stdio) Close() error { return nil }
