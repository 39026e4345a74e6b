Hello ${name},

your Emporium account ${email} is ready. Happy shopping!

The Emporium team
