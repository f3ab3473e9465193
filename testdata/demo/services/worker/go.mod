module acme.example/worker

go 1.22
