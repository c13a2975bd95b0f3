// Package rewriter turns asynclint findings into text edits and writes them
// safely. Edits are byte ranges of the original file, never a reprint, so
// comments, blank lines, quotes, line endings and indentation are kept.
//
// The Python rewrites (PlanPython) apply the fixes the Python rules attach
// to their findings (ASYNC251's awaited async sleep) and, with Twins, add
// async twins of blocking sync functions and point async callers at them.
// The language-neutral parts (Diff, Write; internal/textedit's Apply)
// serve every language's rewrites.
package rewriter
