package finding

import "testing"

func TestSelected(t *testing.T) {
	for _, tc := range []struct {
		code        string
		sel, ignore []string
		want        bool
	}{
		{"AL100", nil, nil, true},
		{"AL100", []string{"AL1"}, nil, true},
		{"AL200", []string{"AL1"}, nil, false},
		{"AL200", []string{"ALL"}, nil, true},
		{"AL200", []string{"ALL"}, []string{"AL20"}, false},
		{"ASYNC251", nil, []string{"ALL"}, false},
		{"ASYNC251", []string{"ASYNC"}, []string{"ASYNC251"}, false},
	} {
		if got := Selected(tc.code, tc.sel, tc.ignore); got != tc.want {
			t.Errorf("Selected(%s, %v, %v) = %v, want %v", tc.code, tc.sel, tc.ignore, got, tc.want)
		}
	}
}
