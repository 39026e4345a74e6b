Welcome to Emporium, ${name}! Your account is ready.
