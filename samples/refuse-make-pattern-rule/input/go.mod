module example.org/toolbox

go 1.22
