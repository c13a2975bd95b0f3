package gate

import (
	"testing"

	"github.com/asynclint/asynclint/report/coverage"
)

func ptr[T any](v T) *T { return &v }

func TestCheck(t *testing.T) {
	// 11 sites, 5 covered (45.45%), 6 remaining.
	c := coverage.Counts{Sites: 11, AsyncSafe: 3, Compat: 2, InAsync: 3, ReachedFromAsync: 2, Sync: 1}
	tests := []struct {
		name   string
		counts coverage.Counts
		limits Limits
		want   []string
	}{
		{"no limits", c, Limits{}, nil},
		{"coverage met", c, Limits{MinCoverage: ptr(45.0)}, nil},
		{"coverage missed", c, Limits{MinCoverage: ptr(90.0)},
			[]string{"coverage 45.5% is below the minimum 90% by 44.5 points: migrate 5 more sites"}},
		{"coverage missed by one site", c, Limits{MinCoverage: ptr(50.0)},
			[]string{"coverage 45.5% is below the minimum 50% by 4.5 points: migrate 1 more site"}},
		{"tiny shortfall does not round to zero", coverage.Counts{Sites: 1000, AsyncSafe: 999, Sync: 1}, Limits{MinCoverage: ptr(99.95)},
			[]string{"coverage 99.9% is below the minimum 99.95% by 0.05 points: migrate 1 more site"}},
		{"blocking met at the limit", c, Limits{MaxBlocking: ptr(6)}, nil},
		{"blocking exceeded", c, Limits{MaxBlocking: ptr(4)},
			[]string{"6 blocking sites remain, 2 more than the maximum 4"}},
		{"compat sites are not counted as blocking", coverage.Counts{Sites: 3, Compat: 3}, Limits{MaxBlocking: ptr(0)}, nil},
		{"both missed", c, Limits{MinCoverage: ptr(100.0), MaxBlocking: ptr(0)}, []string{
			"coverage 45.5% is below the minimum 100% by 54.5 points: migrate 6 more sites",
			"6 blocking sites remain, 6 more than the maximum 0",
		}},
		{"no sites passes any coverage", coverage.Counts{}, Limits{MinCoverage: ptr(100.0), MaxBlocking: ptr(0)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.counts, tt.limits)
			if len(got) != len(tt.want) {
				t.Fatalf("Check() = %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Check()[%d] = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		limits Limits
		ok     bool
	}{
		{Limits{}, true},
		{Limits{MinCoverage: ptr(0.0), MaxBlocking: ptr(0)}, true},
		{Limits{MinCoverage: ptr(100.0)}, true},
		{Limits{MinCoverage: ptr(100.5)}, false},
		{Limits{MinCoverage: ptr(-1.0)}, false},
		{Limits{MaxBlocking: ptr(-1)}, false},
	}
	for _, tt := range tests {
		if err := tt.limits.Validate(); (err == nil) != tt.ok {
			t.Errorf("Validate(%+v) = %v, want ok=%v", tt.limits, err, tt.ok)
		}
	}
}

func TestPercent(t *testing.T) {
	for in, want := range map[float64]string{90: "90", 63.64: "63.6", 100: "100", 0: "0", 45.45: "45.5", 99.96: "100"} {
		if got := Percent(in); got != want {
			t.Errorf("Percent(%v) = %q, want %q", in, got, want)
		}
	}
}
