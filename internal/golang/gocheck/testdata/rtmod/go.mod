module example.com/rtmod

go 1.26.0

require github.com/asynclint/asynclint/runtime v0.0.0

require golang.org/x/time v0.16.0 // indirect

replace github.com/asynclint/asynclint/runtime => ../../../../../runtime
