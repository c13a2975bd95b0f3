module example.com/netmod

go 1.22
