package stdlib

import "context"

// Ctx lets files below hold a context without importing package context.
type Ctx = context.Context
