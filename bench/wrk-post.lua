-- POSTs the form body in $WRK_BODY to the request path (a server function).
dofile(os.getenv("WRK_REPORT"))
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
