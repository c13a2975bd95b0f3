package stdlib

import "time"

func shadowedName(ctx Ctx) error {
	context := "name"
	_ = context
	time.Sleep(time.Second) // want `time.Sleep ignores`
	return nil
}
