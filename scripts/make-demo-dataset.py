"""Generates datasets/demo.jsonl: arithmetic, sentiment and extraction cases (deterministic)."""
import json, random
rng = random.Random(7)
rows = []
ops = ['+', '-', '*']
for i in range(80):
    a, b = rng.randint(2, 99), 10 + i
    op = ops[i % 3]
    v = a + b if op == '+' else a - b if op == '-' else a * b
    phr = rng.choice(['What is {a} {op} {b}?', 'Compute {a} {op} {b}.', 'Calculate {a} {op} {b} and give the result.'])
    rows.append({'id': f'arith-{i+1:03d}', 'task': 'arithmetic', 'question': phr.format(a=a, op=op, b=b), 'expected': str(v)})
pos = ['love', 'great', 'excellent', 'fantastic', 'perfect', 'happy', 'amazing', 'recommend', 'fast', 'friendly', 'sturdy', 'delighted']
neg = ['broke', 'terrible', 'awful', 'refund', 'slow', 'worst', 'disappointed', 'rude', 'late', 'useless', 'cracked', 'missing']
items = ['blender', 'headphones', 'backpack', 'desk lamp', 'phone case', 'coffee grinder', 'running shoes', 'kettle', 'keyboard', 'tent']
neutral = ['It arrived on Tuesday in a cardboard box.', 'The {item} is blue and about the size I expected.', 'I bought the {item} for my office.', 'The {item} comes with a manual and a cable.']
for i in range(70):
    item = rng.choice(items)
    kind = ['positive', 'negative', 'neutral'][i % 3]
    if kind == 'positive':
        w = rng.sample(pos, 2)
        text = f'I {w[0]} this {item}. Shipping was {w[1]} and it does the job.' if rng.random() < 0.5 else f'Absolutely {w[0]} {item}, {w[1]} value for the price.'
        text += f' Bought {i + 1} days ago.'
    elif kind == 'negative':
        w = rng.sample(neg, 2)
        text = f'The {item} {w[0]} after {i % 9 + 2} days and support was {w[1]}.' if rng.random() < 0.5 else f'{w[0].capitalize()} {item}, order {500 + i}. Honestly {w[1]}.'
    else:
        text = rng.choice(neutral).format(item=item) + f' Order number {1000 + i * 37}.'
    rows.append({'id': f'sent-{i+1:03d}', 'task': 'sentiment', 'question': f'Classify the sentiment of this review as positive, negative or neutral. Review: {text}', 'expected': kind})
first = ['Dana', 'Luis', 'Priya', 'Kenji', 'Amara', 'Tomasz', 'Elif', 'Noah', 'Sofia', 'Ravi']
last = ['Smith', 'Garcia', 'Patel', 'Sato', 'Okafor', 'Nowak', 'Yilmaz', 'Berg', 'Rossi', 'Iyer']
domains = ['acme.io', 'northwind.com', 'globex.org', 'initech.net', 'umbrella.co']
for i in range(60):
    f, l = rng.choice(first), rng.choice(last)
    d = rng.choice(domains)
    email = f'{f.lower()}.{l.lower()}@{d}'
    other = f'support@{rng.choice(domains)}'
    body = rng.choice([
        'Message from {f} {l}: Hi team, please send the invoice to {e}. Thanks!',
        'Message from {f} {l}: I changed jobs; write to me at {e} from now on (not {o}).',
        'Message from {f} {l}: Can we move the call to Friday? My address is {e}.',
    ]).format(f=f, l=l, e=email, o=other)
    body += f' (ticket {4000 + i})'
    rows.append({'id': f'email-{i+1:03d}', 'task': 'extraction', 'question': f"Extract the sender's email address. {body}", 'expected': email})
seen = set()
for r in rows:
    assert r['question'] not in seen, r
    seen.add(r['question'])
with open('datasets/demo.jsonl', 'w') as fh:
    for r in rows:
        fh.write(json.dumps(r) + '\n')
print(len(rows))
