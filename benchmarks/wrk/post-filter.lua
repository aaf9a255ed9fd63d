-- wrk script: POST a small JSON filter body, as a client listing flows does.
wrk.method = "POST"
wrk.body = '{"limit": 10, "offset": 0}'
wrk.headers["Content-Type"] = "application/json"
