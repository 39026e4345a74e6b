Welcome to Emporium, ${name}!
