// Command temporal is the upstream Temporal CLI entry point, rebuilt here so
// that the pinned version and every dependency hash are recorded in go.sum.
package main

import (
	"context"

	"github.com/temporalio/cli/temporalcli"

	// Upstream pins this sqlite driver on purpose (see cmd/temporal/main.go).
	_ "modernc.org/sqlite"
	// Embedded zone database: the dev server must work on minimal images.
	_ "time/tzdata"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	temporalcli.Execute(ctx, temporalcli.CommandOptions{})
}
