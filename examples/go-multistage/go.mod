module example.com/go-multistage

go 1.22
