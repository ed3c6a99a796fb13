"""Hostile inputs: small files that expand to gigabytes where nothing bounds them."""

from __future__ import annotations

#: the namespaces of the RDF/XML documents below
RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.com/"'
LAUGHS_DTD = "\n".join(
    ['<!DOCTYPE {root} [', ' <!ENTITY lol "lol">']
    + [f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)] + [']>'])
#: the classic "billion laughs": under a kilobyte that expands to three gigabytes of text
LAUGHS_RDF = (f'<?xml version="1.0"?>\n{LAUGHS_DTD.format(root="rdf:RDF")}\n<rdf:RDF {RDF}>\n'
              '<rdf:Description rdf:about="http://example.com/a"><ex:p>&lol9;</ex:p></rdf:Description>\n</rdf:RDF>\n')
LAUGHS_XML = f'<?xml version="1.0"?>\n{LAUGHS_DTD.format(root="r")}\n<r><x id="1">&lol9;</x></r>\n'
#: YAML aliases of aliases, nine deep: 9**9 values once expanded
YAML_BOMB = "\n".join(["prefixes:", "  ex: http://example.com/", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
                      + [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]
                      + ["mappings: {}", ""])
