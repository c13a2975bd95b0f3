module example.com/asynccore

go 1.26.0

require (
	github.com/asynclint/asynclint/runtime v0.0.0
	golang.org/x/time v0.16.0
)

replace github.com/asynclint/asynclint/runtime => ../../../runtime
