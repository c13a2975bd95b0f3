// Package t has only test code calling a blocking helper.
package t
