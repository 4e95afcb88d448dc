"""The classroom without a screen: where the presenter is (`position`) and how followers learn it
(`channel`, plain HTTP on the standard library). The server (`workbench.serve`) and the app use them."""
