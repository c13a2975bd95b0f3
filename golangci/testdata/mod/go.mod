module example.com/plugintest

go 1.22
