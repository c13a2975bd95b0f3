package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/asynclint/asynclint/internal/driver/config"
	"github.com/asynclint/asynclint/internal/python/pycache"
)

// cacheEnv names the cache directory, as RUFF_CACHE_DIR does ruff's;
// --cache-dir wins over it.
const cacheEnv = "ASYNCLINT_CACHE_DIR"

// cacheFlags are the cache flags of check, report and fix. The cache
// holds no syntax trees: report's use analysis parses the modules it reads
// again, the rewriter the modules it edits.
type cacheFlags struct {
	noCache bool
	dir     string
}

func addCacheFlags(fs *flag.FlagSet, c *cacheFlags) {
	fs.BoolVar(&c.noCache, "no-cache", false, "read and write no cache")
	fs.StringVar(&c.dir, "cache-dir", "", "the cache directory (default: "+pycache.DirName+" at the project root, or $"+cacheEnv+")")
}

// cacheDir returns where the cache lives, "" for none: --no-cache;
// --cache-dir; $ASYNCLINT_CACHE_DIR; else .asynclint_cache at the project
// root, which is the directory of the configuration file, or else the
// nearest directory at or above the first path that holds .git. Without a
// project root there is no cache: asynclint writes nowhere the user did
// not choose or that is not the project's.
func (c *cacheFlags) cacheDir(cfg *config.Config, paths []string) string {
	switch {
	case c.noCache:
		return ""
	case c.dir != "":
		return c.dir
	case os.Getenv(cacheEnv) != "":
		return os.Getenv(cacheEnv)
	}
	if cfg.Path != "" {
		return filepath.Join(cfg.Dir(), pycache.DirName)
	}
	start := "."
	if len(paths) > 0 {
		start = patternDir(paths[0])
	}
	abs, err := filepath.Abs(start)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return filepath.Join(d, pycache.DirName)
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// cacheVersion is the tool version as cache keys hold it: the release
// version, the commit it was built from, and the executable's size and
// modification time, so that a rebuilt development binary never reads
// entries an older build wrote.
func cacheVersion() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				v += " " + s.Value
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			v += fmt.Sprintf(" %d %d", st.Size(), st.ModTime().UnixNano())
		}
	}
	return v
}
