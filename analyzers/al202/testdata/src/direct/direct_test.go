package direct

import (
	"context"
	"os/exec"
)

func helperInTest(ctx context.Context) {
	exec.Command("ls") // test code owns its contexts
}
