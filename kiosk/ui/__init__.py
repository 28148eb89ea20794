"""The Kivy shell: app, navigator, attract, home, exhibit and staff screens."""
