(sleep 120 | node --import tsx bench/sim-child.ts 50 > /tmp/simurl.txt) &
sleep 2.5
URL=$(python3 -c "import json;print(json.load(open('/tmp/simurl.txt'))['openaiBaseURL'])")
rm -rf /tmp/prof2
node --cpu-prof --cpu-prof-dir=/tmp/prof2 --import tsx bench/scenario.ts "$1" $URL
pkill -f "bench/sim-child.ts 50"
