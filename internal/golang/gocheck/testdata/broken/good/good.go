package good

import (
	"context"
	"time"
)

func G(ctx context.Context) { time.Sleep(time.Second) }
