console.log("negmnist");
