-- POST /api/v1/conversations/{id}/messages with the same JSON body every time, round-robin over the "token conversationId"
-- lines of the file named by $WRK_DATA (written by the harness's setup command). Each wrk thread starts at its own share of
-- the lines, so threads do not crowd the same conversations. done() prints one machine-readable RESULT line.
local entries = {}
local counter = 0
local body = '{"content":"hello from the benchmark","messageType":"text"}'
local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

function init(args)
   for line in io.lines(os.getenv("WRK_DATA")) do
      local token, conversation = line:match("^(%S+)%s+(%S+)$")
      if token then
         entries[#entries + 1] = { "Bearer " .. token, "/api/v1/conversations/" .. conversation .. "/messages" }
      end
   end
   counter = index * math.floor(#entries / 2)
end

function request()
   counter = counter + 1
   local entry = entries[(counter % #entries) + 1]
   return wrk.format("POST", entry[2], { ["Authorization"] = entry[1], ["Content-Type"] = "application/json" }, body)
end

-- RESULT <requests> <seconds> <p50 us> <p99 us> <non-2xx/3xx> <socket errors> <timeouts>
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("RESULT %d %.3f %d %d %d %d %d\n", summary.requests, summary.duration / 1e6,
      latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write, e.timeout))
end
