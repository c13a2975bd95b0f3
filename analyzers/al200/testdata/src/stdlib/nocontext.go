package stdlib

import "time"

func noImport(ctx Ctx) (int, error) {
	time.Sleep(time.Second) // want `time.Sleep ignores`
	return 1, nil
}

func noImportNoResults(ctx Ctx) {
	time.Sleep(time.Second) // want `time.Sleep ignores`
}
