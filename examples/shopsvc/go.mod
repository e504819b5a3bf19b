module example.com/shopsvc

go 1.26
