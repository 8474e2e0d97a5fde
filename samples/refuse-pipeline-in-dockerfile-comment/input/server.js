console.log("relay up");
