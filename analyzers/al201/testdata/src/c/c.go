// Package c imports nothing that can block: it is not analysed and gets no
// facts.
package c

import (
	"context"
	"strings"
)

func Upper(ctx context.Context, s string) string { return strings.ToUpper(s) }
