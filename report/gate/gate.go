// Package gate checks migration coverage against the CI thresholds
// --min-coverage and --max-blocking, saying by how much a threshold is missed.
package gate

import (
	"fmt"
	"math"
	"strconv"

	"github.com/asynclint/asynclint/report/coverage"
)

// Limits are the gate's thresholds; a nil field is not checked.
type Limits struct {
	// MinCoverage is the minimum coverage in percent (0 to 100).
	MinCoverage *float64
	// MaxBlocking is the maximum number of remaining blocking sites
	// (blocking and not compat).
	MaxBlocking *int
}

// Validate reports a threshold out of range.
func (l Limits) Validate() error {
	if l.MinCoverage != nil && (*l.MinCoverage < 0 || *l.MinCoverage > 100 || math.IsNaN(*l.MinCoverage)) {
		return fmt.Errorf("min-coverage %v is not between 0 and 100", *l.MinCoverage)
	}
	if l.MaxBlocking != nil && *l.MaxBlocking < 0 {
		return fmt.Errorf("max-blocking %d is negative", *l.MaxBlocking)
	}
	return nil
}

// Check returns one message per threshold that c does not meet, none when
// the gate passes.
func Check(c coverage.Counts, l Limits) []string {
	var failures []string
	if l.MinCoverage != nil {
		minimum := *l.MinCoverage
		if got := c.Percent(); got < minimum {
			// Sites to migrate: the least k with (covered+k)/sites >= min.
			need := int(math.Ceil(minimum*float64(c.Sites)/100 - float64(c.Covered()) - 1e-9))
			need = max(need, 1)
			failures = append(failures, fmt.Sprintf(
				"coverage %s%% is below the minimum %s%% by %s points: migrate %d more %s",
				Percent(got), strconv.FormatFloat(minimum, 'f', -1, 64), points(minimum-got), need, plural(need, "site", "sites")))
		}
	}
	if l.MaxBlocking != nil {
		if got := c.Remaining(); got > *l.MaxBlocking {
			over := got - *l.MaxBlocking
			failures = append(failures, fmt.Sprintf(
				"%d blocking %s remain, %d more than the maximum %d",
				got, plural(got, "site", "sites"), over, *l.MaxBlocking))
		}
	}
	return failures
}

// Percent formats a percentage with one decimal, dropping ".0":
// 90 -> "90", 63.64 -> "63.6".
func Percent(p float64) string {
	s := strconv.FormatFloat(p, 'f', 1, 64)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}

// points formats a positive shortfall so that it never rounds to zero.
func points(d float64) string {
	if d < 0.05 {
		return strconv.FormatFloat(d, 'g', 2, 64)
	}
	return Percent(d)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
