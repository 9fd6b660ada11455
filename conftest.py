pytest_plugins = ["verify.pytest_plugin"]
