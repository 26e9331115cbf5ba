"""The API's routers: games, their scenes, and what is made from a game (ROM, pictures, ...)."""
