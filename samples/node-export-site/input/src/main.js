document.getElementById("app").textContent = "Team handbook";
