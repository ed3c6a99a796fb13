#!/usr/bin/env python3
"""Write cultuurgraaf's five demo extracts at any size.

The five files have the formats of docs/model.md ("Demo extracts") and link to each other the way the
sector's real exports do, through shared identifiers only:

  organisaties.xml     organisations and their venues (ORG…, LOC…, KBO, ISIL, UiTdatabank cdbids)
  erfgoedinstellingen.csv  the institutions with an ISIL code, as the ISIL register lists them (ISIL, KBO,
                       Wikidata): the same organisations again, which links across sources join
  personen.csv         makers (PER…), some with their names in Russian and Japanese and other spellings
  objecten.csv         heritage objects; beheerder_id -> ORG…, vervaardiger_id -> PER…
  activiteiten.json    events shaped like the UiTdatabank search API; organiser -> ORG… + its cdbid,
                       location -> LOC… + its cdbid

The first records of each kind are hand-picked (real Flemish institutions and makers, with the few
external identifiers that are certain); past those, records are drawn from vocabulary lists. The data
carries the quirks of real exports on purpose: missing values, HTML in descriptions, dates written in
several ways, comma and dot decimals, and exactly one description with a <script> tag.

The output depends only on the counts and --seed, and is written as a stream (bounded memory).
Python 3.11+ standard library only.

Examples:
  python benchmarks/datagen.py --objects 100000 --out /tmp/gen
  python benchmarks/datagen.py --objects 1000000 --activities 100000 --out /tmp/gen1m --seed 7
  python benchmarks/datagen.py --demo            # rewrites examples/demo/data (the bundled demo)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import multiprocessing
import os
import random
import sys
import time
import uuid
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path
from xml.sax.saxutils import escape

DEFAULT_SEED = 1913
DEMO_COUNTS = {"objects": 150, "persons": 60, "organisations": 60, "venues": 54, "activities": 120}
EXPORT_DATE = "2026-10-01"

OBJECT_COLUMNS = [
    "objectnummer", "titel", "titel_en", "titel_fr", "objectnaam", "objectnaam_aat", "materiaal",
    "materiaal_aat", "vervaardiger_id", "datering", "hoogte_cm", "beheerder_id", "collectie",
    "beschrijving", "licentie", "afbeelding",
]
PERSON_COLUMNS = ["id", "volledige_naam", "voornaam", "familienaam", "geboortejaar", "sterfjaar", "wikidata", "viaf", "rkd",
                  "naam_ru", "naam_ja", "schrijfwijzen"]
ISIL_COLUMNS = ["isil", "naam", "kbo", "wikidata", "website", "straat", "huisnummer", "postcode", "gemeente"]

# ---------------------------------------------------------------------------------------------
# Thesauri. Getty AAT ids only where checked against published AAT mappings; a name without an id
# is written with an empty id column. The same name always carries the same id.

MATERIALS = {
    "zilver": "300011029", "goud": "300011021", "koper": "300011020", "messing": "300010946",
    "brons": "300010957", "ijzer": "300011002", "staal": "300133751", "aluminium": "300011015",
    "metaal": "300010900", "nikkel": "300011028", "hout": "300011914", "mahonie": "300012221",
    "notenhout": "300012476", "grenen": "300012620", "kastanjehout": "300012039", "glas": "300010797",
    "porselein": "300010662", "keramiek": "300235507", "klei": "300010439", "leder": "300011845",
    "papier": "300014109", "karton": "300014224", "gips": "300014922", "doek": "300014078",
    "olieverf": "300015050", "inkt": "300015012", "kunststof": "300014570", "textiel": "300231565",
    "ivoor": "300011857", "marmer": "300011443", "beton": "300010737",
    "ebbenhout": "", "email": "", "parelmoer": "", "opaal": "", "bakeliet": "",
}

# object name -> (AAT id, material choices, height range in cm, titles (nl, en, fr[, (first year, last year)]))
OBJECT_TYPES: dict[str, tuple[str, list[tuple[str, ...]], tuple[int, int], list[tuple]]] = {
    "theepot": ("300043022", [("zilver", "ebbenhout"), ("zilver", "ivoor"), ("zilver",), ("porselein",), ("messing", "hout")], (11, 28), [
        ("Theepot", "Teapot", "Théière"), ("Theepot met ebbenhouten handvat", "Teapot with ebony handle", None),
        ("Zilveren theepot", "Silver teapot", "Théière en argent"), ("Theepot uit een zesdelig servies", None, None)]),
    "koffiepot": ("300072215", [("zilver", "ebbenhout"), ("zilver",), ("porselein",), ("aluminium", "kunststof")], (18, 34), [
        ("Koffiepot", "Coffeepot", "Cafetière"), ("Koffiekan op drie voetjes", None, None)]),
    "kandelaar": ("300037588", [("zilver",), ("brons",), ("messing",), ("koper",)], (18, 55), [
        ("Kandelaar", "Candlestick", "Chandelier"), ("Paar kandelaars", "Pair of candlesticks", "Paire de chandeliers"),
        ("Driearmige kandelaar", None, None)]),
    "vaas": ("300132254", [("glas",), ("porselein",), ("keramiek",), ("zilver", "glas"), ("brons",)], (14, 60), [
        ("Vaas", "Vase", "Vase"), ("Vaas met irissen", "Vase with irises", "Vase aux iris"),
        ("Vaas met libellen", "Vase with dragonflies", "Vase aux libellules"), ("Bolvormige vaas", None, None),
        ("Vaas 'Lotus'", None, None)]),
    "schaal": ("300042973", [("zilver",), ("keramiek",), ("glas",), ("porselein",)], (4, 15), [
        ("Schaal", "Dish", "Plat"), ("Fruitschaal", "Fruit dish", "Coupe à fruits"), ("Schaal met zeemotief", None, None)]),
    "kom": ("300203596", [("keramiek",), ("porselein",), ("zilver",)], (6, 14), [
        ("Kom", "Bowl", "Bol"), ("Dekselkom", None, None)]),
    "lepel": ("300043149", [("zilver",), ("zilver", "ivoor"), ("nikkel",)], (12, 30), [
        ("Lepel", "Spoon", "Cuillère"), ("Set van twaalf theelepels", "Set of twelve teaspoons", None), ("Opscheplepel", None, None)]),
    "dienblad": ("300043071", [("zilver",), ("messing",), ("hout",)], (2, 6), [
        ("Dienblad", "Tray", "Plateau"), ("Rechthoekig dienblad met handgrepen", None, None)]),
    "suikerpot": ("300042971", [("zilver",), ("porselein",)], (8, 16), [
        ("Suikerpot", "Sugar bowl", "Sucrier"), ("Suikerpot met deksel", None, None)]),
    "theeservies": ("300227686", [("zilver", "ebbenhout"), ("porselein",), ("zilver", "ivoor")], (10, 30), [
        ("Theeservies", "Tea service", "Service à thé"), ("Thee- en koffieservies", "Tea and coffee service", "Service à thé et à café")]),
    "halssnoer": ("300046001", [("goud", "opaal"), ("zilver", "email"), ("goud",)], (20, 45), [
        ("Halssnoer", "Necklace", "Collier"), ("Halssnoer met opalen", None, None)]),
    "hanger": ("300046002", [("goud", "email"), ("goud", "ivoor"), ("zilver", "parelmoer")], (3, 9), [
        ("Hanger", "Pendant", "Pendentif"), ("Hanger in de vorm van een orchidee", "Orchid pendant", "Pendentif orchidée")]),
    "ring": ("300046012", [("goud",), ("zilver",), ("goud", "opaal")], (1, 3), [
        ("Ring", "Ring", "Bague"), ("Zegelring", None, None)]),
    "sieraad": ("300209286", [("goud", "email"), ("zilver",), ("goud", "ivoor")], (2, 12), [
        ("Broche", "Brooch", "Broche"), ("Broche met libelle", "Dragonfly brooch", "Broche libellule"), ("Haarkam", "Hair comb", "Peigne")]),
    "beeldje": ("300047455", [("ivoor", "brons"), ("brons",), ("porselein",), ("gips",)], (12, 45), [
        ("Beeldje van een danseres", "Figurine of a dancer", "Statuette de danseuse"), ("Zittende figuur", None, None)]),
    "stoel": ("300037772", [("hout",), ("mahonie", "leder"), ("staal", "leder"), ("notenhout",), ("staal", "kunststof")], (70, 110), [
        ("Stoel", "Chair", "Chaise"), ("Stoel voor de eetkamer", None, None), ("Stapelstoel", "Stacking chair", "Chaise empilable")]),
    "fauteuil": ("300037776", [("hout", "textiel"), ("staal", "leder"), ("mahonie", "leder")], (68, 100), [
        ("Fauteuil", "Armchair", "Fauteuil"), ("Clubfauteuil", None, None)]),
    "tafel": ("300039548", [("hout",), ("notenhout",), ("staal", "glas"), ("mahonie",)], (45, 80), [
        ("Tafel", "Table", "Table"), ("Bijzettafel", "Side table", "Guéridon"), ("Eettafel", None, None)]),
    "bureau": ("300039338", [("hout",), ("notenhout", "messing"), ("staal", "hout")], (72, 120), [
        ("Bureau", "Desk", "Bureau"), ("Schrijfbureau", "Writing desk", None)]),
    "dressoir": ("300039306", [("mahonie",), ("kastanjehout",), ("notenhout", "glas")], (80, 190), [
        ("Dressoir", "Sideboard", "Buffet"), ("Buffetkast", None, None)]),
    "tafellamp": ("300037644", [("messing", "glas"), ("aluminium",), ("brons", "glas"), ("staal", "kunststof")], (30, 70), [
        ("Tafellamp", "Table lamp", "Lampe de table"), ("Bureaulamp", "Desk lamp", "Lampe de bureau")]),
    "lamp": ("300037592", [("messing", "glas"), ("koper", "glas")], (25, 120), [
        ("Hanglamp", "Pendant lamp", "Suspension"), ("Lamp", "Lamp", "Lampe")]),
    "schilderij": ("300033618", [("olieverf", "doek"), ("olieverf", "hout"), ("olieverf", "karton")], (24, 220), [
        ("Zicht op {stad}", "View of {stad}", "Vue de {stad}"), ("Portret van een vrouw", "Portrait of a woman", "Portrait de femme"),
        ("Zelfportret", "Self-portrait", "Autoportrait"), ("Stilleven met {motief}", "Still life with {motief}", "Nature morte aux {motief}"),
        ("Landschap bij {dorp}", None, None), ("De {beroep}", None, None), ("Interieur", "Interior", "Intérieur"),
        ("Strand bij {kust}", "Beach near {kust}", None), ("Winterlandschap", "Winter landscape", "Paysage d'hiver"),
        ("De Leie bij {dorp}", None, None)]),
    "tekening": ("300033973", [("inkt", "papier"), ("papier",), ("inkt", "karton")], (15, 70), [
        ("Studie van een hand", "Study of a hand", "Étude de main"), ("Zittende vrouw", "Seated woman", "Femme assise"),
        ("Ontwerptekening voor een {ding}", "Design drawing for a {ding}", None), ("Boom in de polder", None, None),
        ("Schets van {stad}", "Sketch of {stad}", "Croquis de {stad}")]),
    "prent": ("300041273", [("inkt", "papier"), ("papier",)], (12, 60), [
        ("De stad", "The city", "La ville"), ("Vissers", None, None), ("Kathedraal", "Cathedral", "Cathédrale"),
        ("Ex libris", "Bookplate", "Ex-libris"), ("Havenzicht", None, None)]),
    "ets": ("300041365", [("inkt", "papier")], (10, 45), [
        ("Kathedraal", "Cathedral", "Cathédrale"), ("Gezicht op {stad}", "View of {stad}", "Vue de {stad}"), ("Het dorp", None, None)]),
    "houtsnede": ("300041405", [("inkt", "papier")], (10, 40), [
        ("Boer met spade", None, None), ("Het werk", "Work", "Le travail"), ("De stad", "The city", "La ville")]),
    "litho": ("300041379", [("inkt", "papier"), ("papier",)], (20, 90), [
        ("Vrouw met waaier", None, None), ("Zicht op {stad}", "View of {stad}", "Vue de {stad}")]),
    "affiche": ("300027221", [("papier",), ("papier", "inkt")], (40, 210), [
        ("Affiche voor de Wereldtentoonstelling van Gent 1913", "Poster for the 1913 Ghent World's Fair",
         "Affiche pour l'Exposition universelle de Gand 1913", (1911, 1913)),
        ("Affiche 'Salon de la Libre Esthétique'", None, "Affiche « Salon de la Libre Esthétique »", (1894, 1914)),
        ("Affiche voor de Gentse Feesten", None, None),
        ("Reclameaffiche voor {merk}", "Advertising poster for {merk}", "Affiche publicitaire pour {merk}"),
        ("Affiche voor Expo 58", "Poster for Expo 58", "Affiche pour l'Expo 58", (1955, 1958)),
        ("Verkiezingsaffiche", "Election poster", "Affiche électorale")]),
    "postkaart": ("300026816", [("karton",), ("papier",)], (9, 15), [
        ("Groeten uit {stad}", "Greetings from {stad}", "Bonjour de {stad}"), ("Postkaart van {gebouw}", None, None)]),
    "foto": ("300046300", [("papier",)], (6, 60), [
        ("Zicht op de {straat}", None, None), ("Portret van een onbekende man", "Portrait of an unknown man", "Portrait d'un homme inconnu"),
        ("Groepsportret van de arbeiders van {bedrijf}", None, None), ("{gebouw} tijdens de bouw", None, None),
        ("Markt in {stad}", "Market in {stad}", "Marché à {stad}"), ("Stoet tijdens de {feest}", None, None),
        ("Interieur van het atelier", "Studio interior", None)]),
    "gelatinezilverdruk": ("300128695", [("papier",)], (12, 50), [
        ("Straatzicht bij nacht", "Street at night", "Rue la nuit"), ("Kinderen aan de kaai", None, None),
        ("Portret van een kunstenaar", "Portrait of an artist", "Portrait d'un artiste"), ("Zicht op de {straat}", None, None)]),
    "boek": ("300028051", [("papier", "leder"), ("papier", "karton"), ("papier",)], (16, 42), [
        ("Gedichten", "Poems", "Poèmes"), ("Liederen voor het volk", None, None), ("Album van de tentoonstelling van sierkunst", None, None),
        ("Reisindrukken uit Italië", None, None), ("Kroniek van {stad}", "Chronicle of {stad}", "Chronique de {stad}"),
        ("Handboek voor de zilversmid", None, None)]),
    "correspondentie": ("300026877", [("papier", "inkt"), ("papier",)], (14, 30), [
        ("Brief aan {persoon}", "Letter to {persoon}", "Lettre à {persoon}"), ("Briefwisseling met het stadsbestuur van {stad}", None, None),
        ("Briefkaart aan een vriend", None, None)]),
    "bladmuziek": ("300026430", [("papier",)], (25, 36), [
        ("Partituur van '{lied}'", None, None), ("Bladmuziek", "Sheet music", "Partition")]),
    "beeld": ("300047090", [("brons",), ("marmer",), ("gips",), ("hout",)], (30, 190), [
        ("Knielende jongeling", "Kneeling youth", "Adolescent agenouillé"), ("Buste van een vrouw", "Bust of a woman", "Buste de femme"),
        ("Moeder en kind", "Mother and child", "Mère et enfant"), ("Torso", "Torso", "Torse")]),
    "medaille": ("300046025", [("brons",), ("zilver",), ("koper",)], (3, 8), [
        ("Herdenkingsmedaille", "Commemorative medal", "Médaille commémorative"), ("Penning voor de {feest}", None, None)]),
    "wandtapijt": ("", [("textiel",)], (120, 380), [
        ("Wandtapijt met jachttafereel", "Tapestry with hunting scene", "Tapisserie avec scène de chasse"),
        ("Wandtapijt 'De vier seizoenen'", None, None)]),
    "textiel": ("300014063", [("textiel",)], (10, 200), [
        ("Staal damastlinnen", None, None), ("Kantwerk", "Lace", "Dentelle"), ("Tafellaken met monogram", None, None)]),
    "behangpapier": ("300037366", [("papier",)], (40, 100), [
        ("Staal behangpapier", "Wallpaper sample", "Échantillon de papier peint"), ("Behangpapier met bloemmotief", None, None)]),
    "tegel": ("300410344", [("keramiek",), ("klei",)], (10, 60), [
        ("Tegel met bloemmotief", None, None), ("Tegeltableau", None, None)]),
    "drinkglas": ("300043230", [("glas",)], (8, 24), [
        ("Wijnglas", "Wine glass", "Verre à vin"), ("Set van zes glazen", None, None)]),
    "karaf": ("", [("glas",), ("glas", "zilver")], (20, 35), [("Karaf", "Carafe", "Carafe")]),
    "klok": ("300041575", [("brons", "marmer"), ("hout", "messing")], (25, 60), [
        ("Pendule", "Clock", "Pendule"), ("Wandklok", "Wall clock", "Horloge murale")]),
    "spiegel": ("300037682", [("glas", "hout"), ("glas", "messing")], (40, 150), [
        ("Spiegel", "Mirror", "Miroir"), ("Wandspiegel met kader", None, None)]),
    "jurk": ("300046159", [("textiel",)], (90, 160), [
        ("Avondjurk", "Evening dress", "Robe du soir"), ("Cocktailjurk", "Cocktail dress", "Robe de cocktail"), ("Zomerjurk", None, None)]),
    "hoed": ("300046106", [("textiel",), ("textiel", "leder")], (10, 25), [
        ("Hoed", "Hat", "Chapeau"), ("Cloche", "Cloche hat", "Chapeau cloche")]),
    "speelgoed": ("300211037", [("hout",), ("metaal",), ("textiel",)], (5, 60), [
        ("Houten speelgoedpaard", None, None), ("Tinnen soldaatjes", "Tin soldiers", "Soldats de plomb"), ("Pop", "Doll", "Poupée")]),
    "wafelijzer": ("300200164", [("metaal", "kunststof"), ("aluminium", "bakeliet")], (10, 22), [
        ("Wafelijzer", "Waffle iron", "Gaufrier"), ("Elektrisch wafelijzer", "Electric waffle iron", "Gaufrier électrique")]),
    "strijkijzer": ("300185311", [("ijzer",), ("metaal", "kunststof")], (10, 18), [
        ("Strijkijzer", "Iron", "Fer à repasser"), ("Elektrisch strijkijzer", None, None)]),
    "broodrooster": ("300201085", [("metaal", "kunststof"), ("aluminium",)], (15, 25), [("Broodrooster", "Toaster", "Grille-pain")]),
    "mixer": ("300208278", [("kunststof", "metaal")], (20, 40), [("Mixer", "Mixer", "Mixeur"), ("Handmixer", None, None)]),
    "koffiezetapparaat": ("300215520", [("kunststof", "glas"), ("aluminium",)], (25, 40), [
        ("Koffiezetapparaat", "Coffee maker", "Cafetière électrique")]),
    "scheerapparaat": ("300236438", [("kunststof", "metaal")], (10, 15), [("Scheerapparaat", "Electric shaver", "Rasoir électrique")]),
    "typemachine": ("300189134", [("metaal", "kunststof"), ("staal",)], (12, 30), [("Typemachine", "Typewriter", "Machine à écrire")]),
    "telefoon": ("300249768", [("bakeliet", "metaal"), ("kunststof",)], (10, 25), [
        ("Telefoontoestel", "Telephone", "Téléphone"), ("Bakelieten telefoon", None, None)]),
}

OLD_TITLES = {
    "schilderij": [("Aanbidding der koningen", "Adoration of the Magi", "L'Adoration des mages"),
                   ("Portret van een edelman", "Portrait of a nobleman", "Portrait d'un gentilhomme"),
                   ("Heilige Familie", "Holy Family", "La Sainte Famille"),
                   ("Stilleven met {motief}", "Still life with {motief}", "Nature morte aux {motief}"),
                   ("Kruisafneming", "Descent from the Cross", "Descente de croix"), ("Landschap met regenboog", "Landscape with a rainbow", None)],
    "tekening": [("Studie van een hand", "Study of a hand", "Étude de main"), ("Studie voor een altaarstuk", None, None),
                 ("Kopstudie van een oude man", "Head of an old man", "Tête de vieillard")],
}
MODERN_MATERIALS = {"kunststof", "aluminium", "bakeliet", "beton"}
GATED_TITLES = {name for name, spec in OBJECT_TYPES.items() if any(len(t) > 3 for t in spec[3])}

# maker discipline -> object names (in rough order of frequency)
DISCIPLINES: dict[str, list[str]] = {
    "zilversmid": ["theepot", "koffiepot", "kandelaar", "schaal", "suikerpot", "lepel", "dienblad", "theeservies", "kom"],
    "edelsmid": ["sieraad", "halssnoer", "hanger", "ring", "beeldje", "vaas"],
    "ontwerper": ["theeservies", "stoel", "kandelaar", "boek", "behangpapier", "tafel", "lamp", "tekening"],
    "architect": ["tekening", "stoel", "tegel", "behangpapier", "tafel"],
    "meubelontwerper": ["stoel", "fauteuil", "tafel", "bureau", "dressoir", "tafellamp"],
    "keramist": ["vaas", "schaal", "kom", "tegel", "theepot", "beeldje"],
    "glaskunstenaar": ["vaas", "drinkglas", "schaal", "karaf"],
    "schilder": ["schilderij", "schilderij", "schilderij", "tekening"],
    "tekenaar": ["tekening", "tekening", "litho"],
    "graficus": ["prent", "ets", "houtsnede", "litho", "boek"],
    "affichekunstenaar": ["affiche", "affiche", "litho", "postkaart"],
    "fotograaf": ["foto", "gelatinezilverdruk", "postkaart"],
    "beeldhouwer": ["beeld", "beeldje", "medaille", "tekening"],
    "industrieel ontwerper": ["wafelijzer", "strijkijzer", "broodrooster", "mixer", "koffiezetapparaat", "scheerapparaat", "typemachine",
                              "telefoon", "tafellamp"],
    "modeontwerper": ["jurk", "hoed"],
    "drukker": ["boek", "affiche", "bladmuziek", "prent"],
    "textielatelier": ["wandtapijt", "textiel"],
}
DISCIPLINE_NAMES = list(DISCIPLINES)
# the years in which a discipline's anonymous or undated work is usually placed
ERAS = {"schilder": (1600, 1960), "graficus": (1550, 1960), "drukker": (1550, 1960), "industrieel ontwerper": (1925, 1990),
        "fotograaf": (1860, 1990), "meubelontwerper": (1880, 2000), "modeontwerper": (1900, 2000)}
# the materials a discipline's work is made of (the first material of a choice)
DISCIPLINE_MATERIALS = {"zilversmid": {"zilver", "messing", "koper", "nikkel"}, "keramist": {"porselein", "keramiek", "klei"},
                        "glaskunstenaar": {"glas"}, "edelsmid": {"goud", "zilver", "ivoor", "brons"},
                        "beeldhouwer": {"brons", "marmer", "gips", "hout", "ivoor"}}
PRINTS = frozenset({"tekening", "prent", "ets", "houtsnede", "litho"})
PHOTOS = frozenset({"foto", "gelatinezilverdruk", "postkaart"})
SILVER = frozenset(["theepot", "koffiepot", "kandelaar", "schaal", "suikerpot", "lepel", "dienblad", "theeservies", "kom"])
JEWELS = frozenset({"sieraad", "halssnoer", "hanger", "ring"})
APPLIANCES = frozenset({"wafelijzer", "strijkijzer", "broodrooster", "mixer", "koffiezetapparaat", "scheerapparaat", "typemachine", "telefoon"})
FURNITURE = frozenset({"stoel", "fauteuil", "tafel", "bureau", "dressoir", "tafellamp", "lamp"})
STYLES = ["art nouveau", "art deco", "het modernisme", "het functionalisme", "de Expo 58-stijl", "het symbolisme",
          "het expressionisme", "het luminisme", "het realisme", "de neogotiek", "het postmodernisme"]

# ---------------------------------------------------------------------------------------------
# Makers. The first ones are real; only identifiers that are certain are filled in. Then invented
# makers and workshops, marked (invented) here and in the README.
# (full name, given name, family name, born, died, wikidata, viaf, rkd, discipline)

PERSONS: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    ("Henry van de Velde", "Henry", "van de Velde", "1863", "1957", "", "", "", "ontwerper"),
    ("Philippe Wolfers", "Philippe", "Wolfers", "1858", "1929", "", "", "", "edelsmid"),
    ("Victor Horta", "Victor", "Horta", "1861", "1947", "", "", "", "architect"),
    ("Fernand Khnopff", "Fernand", "Khnopff", "1858", "1921", "", "", "", "schilder"),
    ("Gustave Serrurier-Bovy", "Gustave", "Serrurier-Bovy", "1858", "1910", "", "", "", "meubelontwerper"),
    ("Wolfers Frères", "", "", "", "", "", "", "", "zilversmid"),
    ("James Ensor", "James", "Ensor", "1860", "1949", "", "", "", "schilder"),
    ("Privat-Livemont", "Henri", "Privat-Livemont", "1861", "1936", "", "", "", "affichekunstenaar"),
    ("Marcel Wolfers", "Marcel", "Wolfers", "1886", "1976", "", "", "", "edelsmid"),
    ("Charles Leirens", "Charles", "Leirens", "1888", "1963", "", "", "", "fotograaf"),
    ("George Minne", "George", "Minne", "1866", "1941", "", "", "", "beeldhouwer"),
    ("Jules Wabbes", "Jules", "Wabbes", "1919", "1974", "", "", "", "meubelontwerper"),
    ("Peter Paul Rubens", "Peter Paul", "Rubens", "1577", "1640", "Q5599", "", "", "schilder"),
    ("Delheid Frères", "", "", "", "", "", "", "", "zilversmid"),
    ("Frans Masereel", "Frans", "Masereel", "1889", "1972", "", "", "", "graficus"),
    ("Emile Claus", "Emile", "Claus", "1849", "1924", "", "", "", "schilder"),
    ("Théo van Rysselberghe", "Théo", "van Rysselberghe", "1862", "1926", "", "", "", "schilder"),
    ("Val-Saint-Lambert", "", "", "", "", "", "", "", "glaskunstenaar"),
    ("Henri Cassiers", "Henri", "Cassiers", "1858", "1944", "", "", "", "affichekunstenaar"),
    ("Paul Hankar", "Paul", "Hankar", "1859", "1901", "", "", "", "architect"),
    ("Willy Van Der Meeren", "Willy", "Van Der Meeren", "1923", "2002", "", "", "", "meubelontwerper"),
    ("Léon Spilliaert", "Léon", "Spilliaert", "1881", "1946", "", "", "", "tekenaar"),
    ("Rik Wouters", "Rik", "Wouters", "1882", "1916", "", "", "", "beeldhouwer"),
    ("Boch Frères Keramis", "", "", "", "", "", "", "", "keramist"),
    ("Constant Permeke", "Constant", "Permeke", "1886", "1952", "", "", "", "schilder"),
    ("Pieter De Bruyne", "Pieter", "De Bruyne", "1931", "1987", "", "", "", "meubelontwerper"),
    ("Vincent van Gogh", "Vincent", "van Gogh", "1853", "1890", "Q5582", "", "", "tekenaar"),
    ("Leo Marfurt", "Leo", "Marfurt", "1894", "1977", "", "", "", "affichekunstenaar"),
    ("Serge Vandercam", "Serge", "Vandercam", "1924", "2005", "", "", "", "fotograaf"),
    ("Gustave Van de Woestyne", "Gustave", "Van de Woestyne", "1881", "1947", "", "", "", "schilder"),
    ("Anna Boch", "Anna", "Boch", "1848", "1936", "", "", "", "schilder"),
    ("Jenny Montigny", "Jenny", "Montigny", "1875", "1937", "", "", "", "schilder"),
    ("Pierre Caille", "Pierre", "Caille", "1911", "1996", "", "", "", "keramist"),
    ("Emiel Veranneman", "Emiel", "Veranneman", "1924", "2004", "", "", "", "meubelontwerper"),
    ("Huib Hoste", "Huib", "Hoste", "1881", "1957", "", "", "", "architect"),
    ("Jozef Cantré", "Jozef", "Cantré", "1890", "1957", "", "", "", "graficus"),
    ("Marthe Donas", "Marthe", "Donas", "1885", "1967", "", "", "", "schilder"),
    ("Yvonne Serruys", "Yvonne", "Serruys", "1873", "1953", "", "", "", "beeldhouwer"),
    ("Anto Carte", "Anto", "Carte", "1886", "1954", "", "", "", "schilder"),
    ("Maarten Van Severen", "Maarten", "Van Severen", "1956", "2005", "", "", "", "meubelontwerper"),
    ("Gustave De Smet", "Gustave", "De Smet", "1877", "1943", "", "", "", "schilder"),
    ("Frits Van den Berghe", "Frits", "Van den Berghe", "1883", "1939", "", "", "", "schilder"),
    ("Joris Minne", "Joris", "Minne", "1897", "1988", "", "", "", "graficus"),
    ("Valerius De Saedeleer", "Valerius", "De Saedeleer", "1867", "1941", "", "", "", "schilder"),
    ("ACEC", "", "", "", "", "", "", "", "industrieel ontwerper"),
    # invented makers and workshops
    ("Marcel Vermeersch", "Marcel", "Vermeersch", "1902", "1977", "", "", "", "zilversmid"),
    ("Godelieve Claeys", "Godelieve", "Claeys", "1931", "2008", "", "", "", "keramist"),
    ("Jozef Van Hecke", "Jozef", "Van Hecke", "1899", "1968", "", "", "", "fotograaf"),
    ("Renée De Clercq", "Renée", "De Clercq", "1926", "2011", "", "", "", "affichekunstenaar"),
    ("Lode Verstraete", "Lode", "Verstraete", "1911", "1985", "", "", "", "meubelontwerper"),
    ("Atelier Vanhove-Decock", "", "", "", "", "", "", "", "edelsmid"),
    ("Zilversmederij Goethals & Zonen", "", "", "", "", "", "", "", "zilversmid"),
    ("Fotostudio Van Maele", "", "", "", "", "", "", "", "fotograaf"),
    ("Drukkerij De Vreese", "", "", "", "", "", "", "", "drukker"),
    ("Meubelfabriek Vandekerckhove", "", "", "", "", "", "", "", "meubelontwerper"),
    ("Elise Vandamme", "Elise", "Vandamme", "1934", "2019", "", "", "", "modeontwerper"),
    ("Koen Van Aerde", "Koen", "Van Aerde", "1929", "2001", "", "", "", "industrieel ontwerper"),
    ("Hilde Moerman", "Hilde", "Moerman", "1947", "", "", "", "", "glaskunstenaar"),
    ("Octaaf Mertens", "Octaaf", "Mertens", "1872", "1939", "", "", "", "graficus"),
    ("Atelier Sint-Joris", "", "", "", "", "", "", "", "textielatelier"),
]
PERSON_BY_NAME = {p[0]: i for i, p in enumerate(PERSONS)}
# How authority files write some of the real makers in Russian and Japanese (their names in those
# languages' encyclopaedias), and spellings met in older sources, which search should find but pages
# need not show: (Russian, Japanese, other spellings ;-separated).
OTHER_NAMES = {
    "Henry van de Velde": ("Анри ван де Велде", "アンリ・ヴァン・デ・ヴェルデ", "Henri van de Velde"),
    "Victor Horta": ("Виктор Орта", "ヴィクトール・オルタ", ""),
    "Fernand Khnopff": ("Фернан Кнопф", "フェルナン・クノップフ", ""),
    "James Ensor": ("Джеймс Энсор", "ジェームズ・アンソール", "James Sydney Ensor"),
    "Peter Paul Rubens": ("Питер Пауль Рубенс", "ピーテル・パウル・ルーベンス", "Pieter Pauwel Rubens;Petrus Paulus Rubens"),
    "Vincent van Gogh": ("Винсент Ван Гог", "フィンセント・ファン・ゴッホ", ""),
}

GIVEN_NAMES = ["Jan", "Pieter", "Karel", "Frans", "Jozef", "August", "Leon", "Marcel", "Albert", "Emiel", "Camille", "Gustaaf",
               "René", "Hendrik", "Achille", "Willem", "Alfons", "Octave", "Lucien", "Georges", "Maria", "Anna", "Julia", "Elisa",
               "Rosa", "Margareta", "Germaine", "Louise", "Hélène", "Simone", "Paula", "Yvonne", "Bertha", "Clementine",
               "Jeanne", "Godelieve", "Lieve", "Mathilde", "Irma", "Alice"]
FAMILY_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
                "Dubois", "Lambert", "Dumont", "Van Damme", "De Backer", "Verhaeghe", "Vermeulen", "Van de Walle", "De Vos",
                "Desmet", "Declercq", "Vandenberghe", "Hermans", "Lemmens", "Van Acker", "Coppens", "De Wilde", "Verstraete",
                "Martens", "Pauwels", "Vandamme", "Bogaert", "Van Hecke", "Cools", "De Meyer", "Seghers", "Vanhove",
                "Baert", "D'Hondt", "Van Landeghem", "Vercruysse", "Callewaert", "Van der Linden", "Leclercq", "Francken"]
WORKSHOP_FORMS = {"zilversmid": "Zilversmederij {f} & Zonen", "edelsmid": "Atelier {f}", "fotograaf": "Fotostudio {f}",
                  "drukker": "Drukkerij {f}", "meubelontwerper": "Meubelmakerij {f}", "keramist": "Pottenbakkerij {f}",
                  "glaskunstenaar": "Glasblazerij {f}", "textielatelier": "Weverij {f}", "industrieel ontwerper": "Ateliers {f}",
                  "affichekunstenaar": "Studio {f}", "modeontwerper": "Maison {f}"}

# ---------------------------------------------------------------------------------------------
# Places (gemeente, postcode, lat, lon, telephone zone)

CITIES = {
    "Gent": ("9000", 51.054, 3.722, "9"), "Antwerpen": ("2000", 51.219, 4.402, "3"), "Brussel": ("1000", 50.847, 4.352, "2"),
    "Leuven": ("3000", 50.879, 4.700, "16"), "Brugge": ("8000", 51.209, 3.224, "50"), "Hasselt": ("3500", 50.930, 5.338, "11"),
    "Kortrijk": ("8500", 50.828, 3.265, "56"), "Mechelen": ("2800", 51.028, 4.480, "15"), "Aalst": ("9300", 50.938, 4.039, "53"),
    "Oostende": ("8400", 51.226, 2.920, "59"), "Sint-Niklaas": ("9100", 51.165, 4.143, "3"), "Genk": ("3600", 50.965, 5.500, "89"),
    "Roeselare": ("8800", 50.946, 3.123, "51"), "Turnhout": ("2300", 51.322, 4.945, "14"), "Lier": ("2500", 51.131, 4.570, "3"),
    "Ieper": ("8900", 50.851, 2.886, "57"), "Dendermonde": ("9200", 51.029, 4.101, "52"), "Geel": ("2440", 51.163, 4.990, "14"),
    "Tienen": ("3300", 50.807, 4.938, "16"), "Tongeren": ("3700", 50.781, 5.464, "12"), "Oudenaarde": ("9700", 50.845, 3.605, "55"),
    "Vilvoorde": ("1800", 50.928, 4.429, "2"), "Diest": ("3290", 50.985, 5.051, "13"), "Lokeren": ("9160", 51.104, 3.992, "9"),
    "Waregem": ("8790", 50.889, 3.427, "56"), "Halle": ("1500", 50.734, 4.235, "2"), "Eeklo": ("9900", 51.187, 3.557, "9"),
    "Herentals": ("2200", 51.177, 4.836, "14"), "Ninove": ("9400", 50.828, 4.024, "54"), "Zottegem": ("9620", 50.869, 3.811, "9"),
    "Beveren": ("9120", 51.212, 4.256, "3"), "Mol": ("2400", 51.191, 5.116, "14"), "Knokke-Heist": ("8300", 51.350, 3.266, "50"),
    "Tielt": ("8700", 50.999, 3.327, "51"), "Poperinge": ("8970", 50.855, 2.726, "57"), "Maaseik": ("3680", 51.098, 5.788, "89"),
    "Sint-Truiden": ("3800", 50.816, 5.186, "11"), "Deinze": ("9800", 50.983, 3.528, "9"), "Ronse": ("9600", 50.746, 3.600, "55"),
    "Beringen": ("3580", 51.049, 5.227, "11"), "Temse": ("9140", 51.125, 4.213, "3"), "Izegem": ("8870", 50.914, 3.214, "51"),
}
SYNTH_CITIES = list(CITIES)[8:] + list(CITIES)[:8]
STREETS = ["Kerkstraat", "Stationsstraat", "Grote Markt", "Nieuwstraat", "Kapelstraat", "Molenstraat", "Schoolstraat",
           "Leopoldlaan", "Koningin Astridlaan", "Hoogstraat", "Kasteelstraat", "Begijnhofstraat", "Vismarkt", "Zuidstraat",
           "Kunstlaan", "Cultuurplein", "Abdijstraat", "Sint-Jorisstraat", "Vrijheidstraat", "Markt"]
CITY_NAMES_T = [("Gent", "Ghent", "Gand"), ("Antwerpen", "Antwerp", "Anvers"), ("Brussel", "Brussels", "Bruxelles"),
                ("Brugge", "Bruges", "Bruges"), ("Leuven", "Leuven", "Louvain"), ("Mechelen", "Mechelen", "Malines"),
                ("Kortrijk", "Kortrijk", "Courtrai"), ("Oostende", "Ostend", "Ostende"), ("Ieper", "Ypres", "Ypres"),
                ("Luik", "Liège", "Liège")]
VARS: dict[str, list[tuple[str, str, str]]] = {
    "stad": CITY_NAMES_T,
    "motief": [("bloemen", "flowers", "fleurs"), ("vissen", "fish", "poissons"), ("vruchten", "fruit", "fruits"),
               ("schelpen", "shells", "coquillages"), ("oesters", "oysters", "huîtres")],
    "ding": [("stoel", "chair", "chaise"), ("kandelaar", "candlestick", "chandelier"), ("boekband", "book cover", "reliure"),
             ("theeservies", "tea service", "service à thé")],
    "merk": [(m, m, m) for m in ["Chocolade Delcourt", "Brouwerij De Zwaan", "Tabak Vermeulen", "Zeep Lelie", "Koffie Mokador"]],
    "kust": [(k, k, k) for k in ["Knokke", "De Panne", "Oostduinkerke", "Wenduine", "Blankenberge"]],
    "persoon": [("Max Elskamp",) * 3, ("Emile Verhaeren",) * 3, ("Karel van de Woestijne",) * 3,
                ("zijn uitgever", "his publisher", "son éditeur"), ("de burgemeester", "the mayor", "le bourgmestre")],
    "dorp": [(d, d, d) for d in ["Sint-Martens-Latem", "Afsnee", "Deurle", "Astene", "Nieuwpoort", "Damme", "Tervuren", "Genk"]],
    "beroep": [(b, b, b) for b in ["visser", "zaaier", "kantwerkster", "smid", "kolenboer", "herder", "wasvrouw"]],
    "straat": [(s, s, s) for s in ["Veldstraat", "Korenmarkt", "Meir", "Groenplaats", "Graslei", "Kouter", "Steenstraat", "Bondgenotenlaan"]],
    "bedrijf": [(b, b, b) for b in ["de vlasspinnerij La Lys", "de katoenfabriek", "de gasfabriek", "de scheepswerf", "de steenbakkerij"]],
    "gebouw": [(g, g, g) for g in ["de Boekentoren", "het Sint-Pietersstation", "het Zuidstation", "de Stadsschouwburg", "het Feestpaleis",
                                   "het Justitiepaleis"]],
    "feest": [(f, f, f) for f in ["Gentse Feesten", "Ommegang", "Heilig-Bloedprocessie", "kermis", "Wereldtentoonstelling"]],
    "lied": [(s, s, s) for s in ["De Vlaamse Leeuw", "Het Lied der Vlamingen", "Naar wijd en zijd", "Schoon lief"]],
}

# ---------------------------------------------------------------------------------------------
# Organisations. The first ones are real Flemish and Brussels institutions (names, addresses and
# websites are public facts). KBO numbers, ISIL codes, cdbids and contact details are invented, except
# Flagey's two cdbids (those of the UiTdatabank sample), Design Museum Gent's Wikidata id (Q1809071) and
# its KBO number and ISIL code, which are the examples of docs/model.md.
# Venues: (name, street, number, postcode, gemeente, lat, lon); None for a venue at the org's address.
# Holdings: (weight, numbering scheme, object-number prefix, profile, anonymous object names, collections).

def _org(nl, typ, street, nr, pc, city, lat, lon, site="", fr="", en="", venues=(None,), holds=None, genre="",
         kbo="", isil="", wikidata="", org_cdbid="", venue_cdbids=(), uit=True):
    return dict(nl=nl, type=typ, street=street, nr=nr, pc=pc, city=city, lat=lat, lon=lon, site=site, fr=fr, en=en,
                venues=list(venues), holds=holds, genre=genre, kbo=kbo, isil=isil, wikidata=wikidata, org_cdbid=org_cdbid,
                venue_cdbids=list(venue_cdbids), uit=uit)


# A collection is a name, or (name, condition): a (first, last) year range, "@maker|maker" or a set of object names.
OLD_MASTERS, MODERN, NINETEENTH = ("Oude meesters", (1400, 1799)), ("Moderne kunst", (1880, 2100)), ("Schilderkunst 19de eeuw", (1800, 1899))
PHOTO_ARCHIVE, POSTER_ARCHIVE = ("Fotoarchief", PHOTOS), ("Affichecollectie", frozenset({"affiche"}))
MUSEUM_COLLECTIONS = [("Schilderkunst", frozenset({"schilderij"})), ("Beeldhouwkunst", frozenset({"beeld", "beeldje"})),
                      ("Sierkunst", SILVER | JEWELS), "Stadsgeschiedenis", "Volkskunde", ("Prentenkabinet", PRINTS)]
ARCHIVE_COLLECTIONS = [PHOTO_ARCHIVE, POSTER_ARCHIVE, "Beeldbank", "Archief familie {f}", "Documentatiecentrum"]
OLD_PRINTS = ("Oude drukken", [(1450, 1850), frozenset({"boek", "prent", "ets", "houtsnede"})])
LIBRARY_COLLECTIONS = ["Erfgoedcollectie", OLD_PRINTS, ("Prentenverzameling", PRINTS), ("Muziekfonds", frozenset({"bladmuziek"}))]

CURATED_ORGS = [
    _org("Design Museum Gent", "museum", "Jan Breydelstraat", "5", "9000", "Gent", 51.0566, 3.7214, "https://www.designmuseumgent.be",
         fr="Musée du Design de Gand", en="Design Museum Ghent", kbo="0207.451.227", isil="BE-GNT01", wikidata="Q1809071",
         holds=(30, "dmg", "", {"@Henry van de Velde": 4, "@Philippe Wolfers": 4, "zilversmid": 4, "edelsmid": 2, "ontwerper": 2,
                                "meubelontwerper": 4, "keramist": 2, "glaskunstenaar": 2, "industrieel ontwerper": 3},
                ["wafelijzer", "strijkijzer", "broodrooster", "mixer", "koffiezetapparaat", "scheerapparaat", "stoel", "vaas"],
                [("Collectie Wolfers", "@Philippe Wolfers|Marcel Wolfers|Wolfers Frères"), ("Art nouveau", (1890, 1914)),
                 ("Design na 1945", (1945, 2100)), ("Zilvercollectie", SILVER), ("Industrieel ontwerp", APPLIANCES),
                 ("Collectie Van de Velde", "@Henry van de Velde"), ("Meubelcollectie", FURNITURE)])),
    _org("MSK Gent", "museum", "Fernand Scribedreef", "1", "9000", "Gent", 51.0375, 3.7236, "https://www.mskgent.be",
         fr="Musée des Beaux-Arts de Gand", en="Museum of Fine Arts Ghent", isil="BE-GNT02",
         holds=(8, "pfx_year", "MSK", {"schilder": 6, "beeldhouwer": 2, "tekenaar": 1, "@Emile Claus": 1},
                [], [NINETEENTH, MODERN, ("Prentenkabinet", PRINTS), OLD_MASTERS])),
    _org("S.M.A.K.", "museum", "Jan Hoetplein", "1", "9000", "Gent", 51.0364, 3.7222, "https://smak.be",
         fr="Musée municipal d'art actuel", en="Municipal Museum of Contemporary Art",
         holds=(2, "pfx_num", "SMAK", {"fotograaf": 1, "beeldhouwer": 1, "glaskunstenaar": 1}, [], [("Hedendaagse kunst", (1960, 2100))])),
    _org("STAM - Gents Stadsmuseum", "museum", "Godshuizenlaan", "2", "9000", "Gent", 51.0429, 3.7157, "https://www.stamgent.be",
         holds=(4, "pfx_year", "STAM", {"fotograaf": 2, "affichekunstenaar": 2}, ["affiche", "postkaart", "foto", "medaille"],
                ["Stadsgeschiedenis", POSTER_ARCHIVE])),
    _org("Huis van Alijn", "museum", "Kraanlei", "65", "9000", "Gent", 51.0573, 3.7247, "https://www.huisvanalijn.be",
         holds=(3, "pfx_num", "HVA", {"fotograaf": 1}, ["speelgoed", "foto", "postkaart", "strijkijzer", "jurk", "hoed"],
                ["Volkskunde", "Dagelijks leven"])),
    _org("Industriemuseum", "museum", "Minnemeersstraat", "10", "9000", "Gent", 51.0603, 3.7283, "https://www.industriemuseum.be",
         holds=(3, "pfx_year", "IM", {"industrieel ontwerper": 3, "textielatelier": 1}, ["typemachine", "telefoon", "textiel"],
                [("Textiel", frozenset({"textiel", "wandtapijt"})), ("Huishoudtoestellen", APPLIANCES)])),
    _org("Archief Gent", "archief", "Dulle-Grietlaan", "12", "9050", "Gent", 51.0351, 3.7636, "https://stad.gent/archief",
         isil="BE-GNT03", holds=(4, "archive", "SCMS", {"fotograaf": 2, "affichekunstenaar": 1, "drukker": 1},
                                 ["correspondentie", "foto", "postkaart", "affiche"], [PHOTO_ARCHIVE, POSTER_ARCHIVE, "Stadsarchief"]),
         uit=False),
    _org("Amsab-Instituut voor Sociale Geschiedenis", "archief", "Bagattenstraat", "174", "9000", "Gent", 51.0456, 3.7296,
         "https://www.amsab.be", isil="BE-GNT04",
         holds=(4, "archive", "AMSAB", {"affichekunstenaar": 3, "fotograaf": 2, "drukker": 1},
                ["affiche", "foto", "correspondentie"], [POSTER_ARCHIVE, PHOTO_ARCHIVE, "Vakbondsarchieven"]),
         uit=False),
    _org("Viernulvier", "cultuurcentrum", "Sint-Pietersnieuwstraat", "23", "9000", "Gent", 51.0475, 3.7275, "https://www.viernulvier.gent",
         genre="muziek"),
    _org("NTGent", "gezelschap", "Sint-Baafsplein", "17", "9000", "Gent", 51.0536, 3.7253, "https://www.ntgent.be", genre="theater",
         venues=[("NTGent Schouwburg", "Sint-Baafsplein", "17", "9000", "Gent", 51.0536, 3.7253)]),
    _org("Opera Ballet Vlaanderen", "gezelschap", "Frankrijklei", "1", "2000", "Antwerpen", 51.2165, 4.4123, "https://www.operaballet.be",
         genre="opera", en="Opera Ballet Flanders",
         venues=[("Opera Gent", "Schouwburgstraat", "3", "9000", "Gent", 51.0487, 3.7245),
                 ("Opera Antwerpen", "Frankrijklei", "3", "2000", "Antwerpen", 51.2165, 4.4123)]),
    _org("Handelsbeurs Concertzaal", "concertzaal", "Kouter", "29", "9000", "Gent", 51.0500, 3.7254, "https://www.handelsbeurs.be",
         genre="muziek"),
    _org("De Krook - Bibliotheek Gent", "bibliotheek", "Miriam Makebaplein", "1", "9000", "Gent", 51.0480, 3.7289, "https://www.dekrook.be",
         isil="BE-GNT05", holds=(2, "library", "BIBG", {"drukker": 1, "graficus": 1}, ["boek", "bladmuziek"], ["Erfgoedcollectie", OLD_PRINTS])),
    _org("Collegium Vocale Gent", "gezelschap", "Drongenhof", "42", "9000", "Gent", 51.0560, 3.7170, "https://www.collegiumvocale.com",
         genre="klassiek", venues=[]),
    _org("Gent Festival van Vlaanderen", "festival", "Sint-Pietersplein", "9", "9000", "Gent", 51.0425, 3.7265, "https://www.gentfestival.be",
         fr="Festival des Flandres Gand", genre="klassiek", venues=[]),
    _org("Museum Dr. Guislain", "museum", "Jozef Guislainstraat", "43", "9000", "Gent", 51.0655, 3.7105, "https://www.museumdrguislain.be",
         holds=(2, "pfx_year", "MDG", {"schilder": 1, "tekenaar": 1, "fotograaf": 1}, [], ["Kunst en psychiatrie"])),
    _org("Koninklijk Museum voor Schone Kunsten Antwerpen", "museum", "Leopold De Waelplaats", "1", "2000", "Antwerpen", 51.2085, 4.3946,
         "https://kmska.be", fr="Musée royal des Beaux-Arts d'Anvers", en="Royal Museum of Fine Arts Antwerp", isil="BE-ANT01",
         holds=(8, "plain", "", {"schilder": 7, "@Peter Paul Rubens": 2, "@James Ensor": 2, "tekenaar": 2, "beeldhouwer": 2, "graficus": 1},
                [], [OLD_MASTERS, MODERN, ("Collectie Ensor", "@James Ensor")])),
    _org("MAS | Museum aan de Stroom", "museum", "Hanzestedenplaats", "1", "2000", "Antwerpen", 51.2289, 4.4048, "https://mas.be",
         holds=(4, "pfx_year", "AV", {"zilversmid": 1, "keramist": 1, "fotograaf": 1}, ["schaal", "beeldje", "postkaart", "klok"],
                ["Stadsgeschiedenis", "Haven en scheepvaart"])),
    _org("Museum Plantin-Moretus", "museum", "Vrijdagmarkt", "22", "2000", "Antwerpen", 51.2183, 4.3982, "https://www.museumplantinmoretus.be",
         isil="BE-ANT02", holds=(4, "pfx_dot", "PK.OPB", {"graficus": 3, "drukker": 2, "@Peter Paul Rubens": 1}, ["boek", "prent"],
                                 [("Prentenkabinet", PRINTS), OLD_PRINTS])),
    _org("Rubenshuis", "museum", "Wapper", "9-11", "2000", "Antwerpen", 51.2173, 4.4103, "https://www.rubenshuis.be",
         fr="Maison de Rubens", en="Rubens House", holds=(2, "pfx_dot", "RH.S", {"@Peter Paul Rubens": 4}, [], [OLD_MASTERS])),
    _org("DIVA, museum voor diamant, juwelen en zilver", "museum", "Suikerrui", "1", "2000", "Antwerpen", 51.2212, 4.3993,
         "https://www.divaantwerp.be", holds=(6, "pfx_year", "DIVA", {"zilversmid": 5, "edelsmid": 4, "@Philippe Wolfers": 1},
                                              ["lepel", "dienblad", "kandelaar"], [("Zilvercollectie", SILVER), ("Juwelen", JEWELS)])),
    _org("FOMU Fotomuseum Antwerpen", "museum", "Waalsekaai", "47", "2000", "Antwerpen", 51.2090, 4.3927, "https://fotomuseum.be",
         isil="BE-ANT03", holds=(6, "pfx_year", "FOMU", {"fotograaf": 6}, ["foto", "gelatinezilverdruk"],
                                 ["Fotografie", ("Collectie Leirens", "@Charles Leirens")])),
    _org("Letterenhuis", "archief", "Minderbroedersstraat", "22", "2000", "Antwerpen", 51.2215, 4.4080, "https://letterenhuis.be",
         isil="BE-ANT04", holds=(4, "archive", "LH", {"drukker": 1, "graficus": 1, "affichekunstenaar": 1}, ["correspondentie", "boek", "foto"],
                                ["Archief familie {f}", "Literaire archieven"])),
    _org("Erfgoedbibliotheek Hendrik Conscience", "bibliotheek", "Hendrik Conscienceplein", "4", "2000", "Antwerpen", 51.2213, 4.4046,
         "https://www.consciencebibliotheek.be", isil="BE-ANT05",
         holds=(3, "library", "EHC", {"drukker": 2, "graficus": 2}, ["boek"], [OLD_PRINTS, "Erfgoedcollectie"]), uit=False),
    _org("FelixArchief", "archief", "Oudeleeuwenrui", "29", "2000", "Antwerpen", 51.2276, 4.4045, isil="BE-ANT06",
         holds=(3, "archive", "FA", {"fotograaf": 2}, ["foto", "affiche", "correspondentie", "postkaart"], ["Beeldbank", "Stadsarchief"])),
    _org("deSingel", "cultuurcentrum", "Desguinlei", "25", "2018", "Antwerpen", 51.1937, 4.4087, "https://www.desingel.be", genre="muziek"),
    _org("Koningin Elisabethzaal", "concertzaal", "Koningin Astridplein", "26", "2018", "Antwerpen", 51.2175, 4.4206,
         "https://www.elisabethzaal.be", genre="klassiek"),
    _org("De Roma", "concertzaal", "Turnhoutsebaan", "327", "2140", "Antwerpen", 51.2131, 4.4467, "https://www.deroma.be", genre="pop"),
    _org("Antwerp Symphony Orchestra", "gezelschap", "Koningin Astridplein", "26", "2018", "Antwerpen", 51.2175, 4.4206,
         "https://www.antwerpsymphonyorchestra.be", genre="klassiek", venues=[]),
    _org("Toneelhuis", "gezelschap", "Komedieplaats", "18", "2000", "Antwerpen", 51.2159, 4.4077, "https://www.toneelhuis.be", genre="theater",
         venues=[("Bourla", "Komedieplaats", "18", "2000", "Antwerpen", 51.2159, 4.4077)]),
    _org("Flagey", "concertzaal", "Heilig-Kruisplein", "1", "1050", "Elsene", 50.826792, 4.37261, "http://www.flagey.be", fr="Flagey",
         genre="klassiek", org_cdbid="51a33b20-ab69-4fc9-86f2-a19e4c961129", venue_cdbids=["671e5372-6c0c-4c2e-821b-af9573ec90a5"]),
    _org("Bozar - Paleis voor Schone Kunsten", "cultuurcentrum", "Ravensteinstraat", "23", "1000", "Brussel", 50.8443, 4.3589,
         "https://www.bozar.be", fr="Bozar - Palais des Beaux-Arts", en="Bozar - Centre for Fine Arts", genre="klassiek"),
    _org("Koninklijke Musea voor Schone Kunsten van België", "museum", "Regentschapsstraat", "3", "1000", "Brussel", 50.8417, 4.3579,
         "https://fine-arts-museum.be", fr="Musées royaux des Beaux-Arts de Belgique", en="Royal Museums of Fine Arts of Belgium",
         isil="BE-BRU01", holds=(6, "plain_pfx", "inv.", {"schilder": 6, "@Fernand Khnopff": 2, "beeldhouwer": 2, "tekenaar": 1},
                                 [], [OLD_MASTERS, MODERN, ("Fin-de-siècle", (1880, 1910))])),
    _org("KBR", "bibliotheek", "Keizerslaan", "4", "1000", "Brussel", 50.8444, 4.3551, "https://www.kbr.be",
         fr="Bibliothèque royale de Belgique", en="Royal Library of Belgium", isil="BE-BRU02",
         holds=(5, "library", "KBR", {"graficus": 2, "drukker": 2, "affichekunstenaar": 1}, ["boek", "prent", "bladmuziek"],
                [("Prentenkabinet", PRINTS), ("Muziekfonds", frozenset({"bladmuziek"})), "Kostbare werken"])),
    _org("Rijksarchief in België", "archief", "Ruisbroekstraat", "2", "1000", "Brussel", 50.8432, 4.3525, "https://www.arch.be",
         fr="Archives générales du Royaume", isil="BE-BRU03",
         holds=(3, "archive", "AGR", {"fotograaf": 1}, ["correspondentie", "foto"], ["Documentatiecentrum", "Beeldbank"]), uit=False),
    _org("Ancienne Belgique", "concertzaal", "Anspachlaan", "110", "1000", "Brussel", 50.8480, 4.3486, "https://www.abconcerts.be",
         fr="Ancienne Belgique", genre="pop"),
    _org("KVS", "gezelschap", "Arduinkaai", "7", "1000", "Brussel", 50.8530, 4.3480, "https://www.kvs.be", genre="theater",
         fr="Théâtre royal flamand", venues=[("KVS Bol", "Arduinkaai", "7", "1000", "Brussel", 50.8530, 4.3480)]),
    _org("Kaaitheater", "cultuurcentrum", "Sainctelettesquare", "20", "1000", "Brussel", 50.8603, 4.3497, "https://www.kaaitheater.be",
         genre="dans"),
    _org("Hortamuseum", "museum", "Amerikaansestraat", "25", "1060", "Sint-Gillis", 50.8248, 4.3555, "https://www.hortamuseum.be",
         fr="Musée Horta", holds=(3, "pfx_dot", "MH", {"@Victor Horta": 4, "architect": 2, "meubelontwerper": 1}, [], ["Art nouveau"])),
    _org("ADAM - Brussels Design Museum", "museum", "Belgiëplein", "1", "1020", "Brussel", 50.8950, 4.3410,
         fr="ADAM - Brussels Design Museum", holds=(4, "pfx_year", "ADAM", {"meubelontwerper": 4, "industrieel ontwerper": 3},
                                                    ["stoel", "tafellamp", "telefoon"],
                                                    [("Plasticarium", (1955, 1990)), ("Design na 1945", (1945, 2100))])),
    _org("Kunstenfestivaldesarts", "festival", "Handelskaai", "9", "1000", "Brussel", 50.8560, 4.3490, "https://www.kfda.be",
         fr="Kunstenfestivaldesarts", genre="theater", venues=[]),
    _org("Rosas", "gezelschap", "Van Volxemlaan", "164", "1190", "Vorst", 50.8160, 4.3270, "https://www.rosas.be", genre="dans", venues=[]),
    _org("M Leuven", "museum", "Leopold Vanderkelenstraat", "28", "3000", "Leuven", 50.8790, 4.7010, "https://www.mleuven.be",
         isil="BE-LEU01", holds=(4, "pfx_num", "M", {"schilder": 3, "beeldhouwer": 2, "zilversmid": 1}, [],
                                 [("Oude kunst", (1400, 1799)), ("Hedendaagse kunst", (1960, 2100)), "Collectie M"])),
    _org("KADOC-KU Leuven", "archief", "Vlamingenstraat", "39", "3000", "Leuven", 50.8744, 4.7020, "https://kadoc.kuleuven.be",
         isil="BE-LEU02", holds=(3, "archive", "KADOC", {"drukker": 1}, ["foto", "boek", "correspondentie", "bladmuziek"],
                                 ["Documentatiecentrum", "Archief familie {f}"]), uit=False),
    _org("Het Depot", "concertzaal", "Martelarenplein", "12", "3000", "Leuven", 50.8812, 4.7152, "https://www.hetdepot.be", genre="pop"),
    _org("30CC", "cultuurcentrum", "Bondgenotenlaan", "21", "3000", "Leuven", 50.8795, 4.7045, "https://www.30cc.be", genre="theater",
         venues=[("Schouwburg Leuven", "Bondgenotenlaan", "21", "3000", "Leuven", 50.8795, 4.7045)]),
    _org("Erfgoedcel Leuven", "erfgoedcel", "Vaartkom", "3", "3000", "Leuven", 50.8880, 4.7040, venues=[]),
    _org("Musea Brugge", "museum", "Dijver", "12", "8000", "Brugge", 51.2052, 3.2268, "https://www.museabrugge.be",
         fr="Musées de Bruges", en="Musea Brugge", isil="BE-BRG01",
         holds=(5, "pfx_num", "0000.GRO", {"schilder": 4, "zilversmid": 1, "graficus": 1}, ["kandelaar", "wandtapijt"],
                [("Vlaamse primitieven", (1400, 1550)), NINETEENTH, ("Sierkunst", SILVER | {"wandtapijt"})]),
         venues=[("Groeningemuseum", "Dijver", "12", "8000", "Brugge", 51.2052, 3.2268),
                 ("Gruuthusemuseum", "Dijver", "17c", "8000", "Brugge", 51.2058, 3.2256)]),
    _org("Concertgebouw Brugge", "concertzaal", "'t Zand", "34", "8000", "Brugge", 51.2035, 3.2175, "https://www.concertgebouw.be",
         genre="klassiek"),
    _org("Openbare Bibliotheek Brugge", "bibliotheek", "Kuipersstraat", "3", "8000", "Brugge", 51.2100, 3.2236,
         holds=(1, "library", "OBB", {"drukker": 1}, ["boek"], ["Oude drukken"]),
         venues=[("Bibliotheek Biekorf", "Kuipersstraat", "3", "8000", "Brugge", 51.2100, 3.2236)]),
    _org("Erfgoedcel Brugge", "erfgoedcel", "Sint-Jorisstraat", "", "8000", "Brugge", 51.2110, 3.2290, venues=[]),
    _org("Modemuseum Hasselt", "museum", "Gasthuisstraat", "11", "3500", "Hasselt", 50.9290, 5.3362, "https://www.modemuseumhasselt.be",
         holds=(3, "pfx_year", "MMH", {"modeontwerper": 4}, ["jurk", "hoed", "textiel"], ["Mode en textiel"])),
    _org("Z33 Huis voor actuele kunst", "museum", "Zuivelmarkt", "33", "3500", "Hasselt", 50.9312, 5.3365, "https://www.z33.be",
         holds=(1, "pfx_num", "Z33", {"glaskunstenaar": 1, "keramist": 1}, [], [])),
    _org("Cultuurcentrum Hasselt", "cultuurcentrum", "Kunstlaan", "5", "3500", "Hasselt", 50.9247, 5.3322, "https://www.ccha.be",
         genre="theater"),
    _org("Texture", "museum", "Noordstraat", "28", "8500", "Kortrijk", 50.8325, 3.2676, "https://www.texturekortrijk.be",
         fr="Texture, musée de la Lys et du lin", holds=(2, "pfx_year", "TX", {"textielatelier": 3, "fotograaf": 1},
                                                           ["textiel", "wandtapijt", "foto"], ["Vlas en linnen"])),
    _org("Schouwburg Kortrijk", "cultuurcentrum", "Schouwburgplein", "14", "8500", "Kortrijk", 50.8280, 3.2640,
         "https://www.schouwburgkortrijk.be", genre="theater"),
    _org("De Kreun", "concertzaal", "Conservatoriumplein", "1", "8500", "Kortrijk", 50.8230, 3.2620, "https://www.dekreun.be", genre="pop"),
    _org("Museum Hof van Busleyden", "museum", "Frederik de Merodestraat", "65", "2800", "Mechelen", 51.0306, 4.4780,
         "https://www.hofvanbusleyden.be", holds=(2, "pfx_year", "HVB", {"schilder": 2, "zilversmid": 1}, ["wandtapijt", "beeldje"],
                                                  [("Bourgondische kunst", (1400, 1550)), "Stadsgeschiedenis"])),
    _org("Kazerne Dossin", "museum", "Goswin de Stassartstraat", "153", "2800", "Mechelen", 51.0355, 4.4760, "https://www.kazernedossin.eu",
         isil="BE-MEC01", holds=(2, "archive", "KD", {"fotograaf": 1}, ["foto", "correspondentie"], ["Documentatiecentrum", PHOTO_ARCHIVE])),
    _org("Erfgoedcel Mechelen", "erfgoedcel", "Grote Markt", "21", "2800", "Mechelen", 51.0280, 4.4800, venues=[]),
    # beyond the demo's sixty
    _org("Mu.ZEE", "museum", "Romestraat", "11", "8400", "Oostende", 51.2280, 2.9190, "https://www.muzee.be",
         holds=(4, "pfx_year", "MUZEE", {"@James Ensor": 3, "@Léon Spilliaert": 3, "@Constant Permeke": 2, "schilder": 2}, [], [MODERN])),
    _org("Cultuurcentrum Mechelen", "cultuurcentrum", "Minderbroedersgang", "5", "2800", "Mechelen", 51.0270, 4.4790,
         "https://www.cultuurcentrummechelen.be", genre="theater"),
    _org("Stadsarchief Leuven", "archief", "Vaartkom", "3", "3000", "Leuven", 50.8880, 4.7040, isil="BE-LEU03",
         holds=(2, "archive", "SAL", {"fotograaf": 1}, ["foto", "correspondentie", "affiche"], ["Beeldbank"]), uit=False),
    _org("B'Rock Orchestra", "gezelschap", "Kraanlei", "1", "9000", "Gent", 51.0570, 3.7240, "https://www.b-rock.org", genre="klassiek", venues=[]),
    _org("Film Fest Gent", "festival", "Leeuwstraat", "40b", "9000", "Gent", 51.0440, 3.7300, "https://filmfestival.be", genre="film", venues=[]),
    _org("Permeke - Bibliotheek Antwerpen", "bibliotheek", "De Coninckplein", "25", "2060", "Antwerpen", 51.2230, 4.4230,
         holds=(1, "library", "PERM", {"drukker": 1}, ["boek"], ["Erfgoedcollectie"])),
    _org("Het Stadsmus", "museum", "Guido Gezellestraat", "2", "3500", "Hasselt", 50.9290, 5.3380,
         holds=(2, "pfx_year", "HSM", {"zilversmid": 1, "keramist": 1, "fotograaf": 1}, ["postkaart", "medaille"], ["Stadsgeschiedenis"])),
    _org("Koninklijk Instituut voor het Kunstpatrimonium", "archief", "Jubelpark", "1", "1000", "Brussel", 50.8395, 4.3935,
         "https://www.kikirpa.be", fr="Institut royal du Patrimoine artistique",
         holds=(3, "archive", "KIK", {"fotograaf": 3}, ["foto", "gelatinezilverdruk"], [PHOTO_ARCHIVE]), uit=False),
]

SYNTH_ORG_TYPES = [("museum", 22), ("archief", 10), ("bibliotheek", 10), ("cultuurcentrum", 20), ("gezelschap", 16),
                   ("erfgoedcel", 8), ("concertzaal", 8), ("festival", 6)]
SYNTH_ORG_NAMES = {
    "museum": ["Stedelijk Museum {c}", "Stadsmuseum {c}", "Erfgoedhuis {c}", "Museum voor Sierkunst {c}", "Provinciaal Museum {c}",
               "Museum voor Volkskunde {c}"],
    "archief": ["Stadsarchief {c}", "Heemkundige Kring {c}", "Archief en Documentatiecentrum {c}"],
    "bibliotheek": ["Bibliotheek {c}", "Openbare Bibliotheek {c}", "Erfgoedbibliotheek {c}"],
    "cultuurcentrum": ["Cultuurcentrum {c}", "CC {c}", "Cultuurhuis {c}"],
    "gezelschap": ["Theater {w}", "Ensemble {w}", "Kamerkoor {w}", "Dansgezelschap {w}", "Koninklijke Harmonie {c}", "Compagnie {w}"],
    "erfgoedcel": ["Erfgoedcel {c}"],
    "concertzaal": ["Muziekcentrum {c}", "Concertzaal {c}", "Muziekclub {w}"],
    "festival": ["Festival {c}", "Zomerfestival {c}", "Klassiek in {c}"],
}
GEZELSCHAP_GENRE = {"Theater": "theater", "Ensemble": "klassiek", "Kamerkoor": "klassiek", "Dansgezelschap": "dans",
                    "Koninklijke": "klassiek", "Compagnie": "theater", "Muziekclub": "pop"}
NAME_WORDS = ["Zwerm", "Lichtval", "Tussentijd", "De Kade", "Oostwind", "Vlasbloem", "Het Kanaal", "Vertigo", "Nachtegaal",
              "Spiegelbeeld", "De Dijk", "Polderlicht", "Windkracht", "Zilverling", "Mistral", "Sint-Cecilia"]
SYNTH_PROFILES = {
    "museum": ({"schilder": 3, "graficus": 1, "fotograaf": 1, "zilversmid": 1, "keramist": 1, "beeldhouwer": 1},
               ["postkaart", "medaille", "speelgoed", "kandelaar", "beeldje"], MUSEUM_COLLECTIONS),
    "archief": ({"fotograaf": 2, "affichekunstenaar": 1, "drukker": 1}, ["correspondentie", "foto", "postkaart", "affiche", "bladmuziek"],
                ARCHIVE_COLLECTIONS),
    "bibliotheek": ({"graficus": 1, "drukker": 2}, ["boek", "prent", "bladmuziek"], LIBRARY_COLLECTIONS),
}
VENUE_SUFFIXES = ["zaal 2", "kleine zaal", "foyer", "depot", "leeszaal", "tuinzaal", "studio"]

# ---------------------------------------------------------------------------------------------
# UiTdatabank categories (ids as publiq's UiTdatabank uses them)

EVENT_TYPES = {
    "concert": ("0.50.4.0.0", "Concert"), "tentoonstelling": ("0.0.0.0.0", "Tentoonstelling"),
    "theater": ("0.55.0.0.0", "Theatervoorstelling"), "dans": ("0.54.0.0.0", "Dansvoorstelling"),
    "film": ("0.50.6.0.0", "Film"), "lezing": ("0.3.2.0.0", "Lezing of congres"), "cursus": ("0.3.1.0.0", "Cursus of workshop"),
    "rondleiding": ("0.7.0.0.0", "Begeleide uitstap of rondleiding"), "festival": ("0.5.0.0.0", "Festival"),
    "opendeurdag": ("0.12.0.0.0", "Opendeurdag"),
}
THEMES = {
    "klassiek": ("1.8.1.0.0", "Klassieke muziek"), "jazz": ("1.8.2.0.0", "Jazz en blues"), "pop": ("1.8.3.1.0", "Pop en rock"),
    "folk": ("1.8.4.0.0", "Folk en wereldmuziek"), "design": ("1.2.2.0.0", "Design"), "decoratief": ("1.0.5.0.0", "Decoratieve kunst"),
    "fotografie": ("1.0.6.0.0", "Fotografie"), "schilderkunst": ("1.0.1.0.0", "Schilderkunst"), "erfgoed": ("1.40.0.0.0", "Erfgoed"),
    "grafiek": ("1.0.4.0.0", "Grafiek"), "mode": ("1.49.0.0.0", "Mode"), "literatuur": ("1.10.0.0.0", "Literatuur"),
    "theater": ("1.3.1.0.0", "Tekst en muziektheater"), "moderne dans": ("1.9.2.0.0", "Moderne dans"),
    "ballet": ("1.9.1.0.0", "Ballet en klassieke dans"), "documentaire": ("1.7.1.0.0", "Documentaires en reportages"),
    "drama": ("1.7.4.0.0", "Drama"), "creativiteit": ("1.42.0.0.0", "Creativiteit"), "meerdere": ("1.0.9.0.0", "Meerdere kunstvormen"),
}
PUBLIC_SCOPES = [("6.2.0.0.0", "Regionaal"), ("6.4.0.0.0", "Internationaal")]
EVENT_TYPES_BY_ORG = {
    "museum": ["tentoonstelling", "tentoonstelling", "rondleiding", "rondleiding", "lezing", "cursus", "opendeurdag"],
    "archief": ["lezing", "tentoonstelling", "rondleiding", "opendeurdag"],
    "bibliotheek": ["lezing", "lezing", "cursus", "tentoonstelling"],
    "cultuurcentrum": ["theater", "theater", "concert", "dans", "film", "lezing"],
    "erfgoedcel": ["rondleiding", "lezing", "opendeurdag", "cursus"],
    "concertzaal": ["concert"],
    "festival": ["concert", "festival"],
}
EVENT_TYPES_BY_GENRE = {"theater": ["theater"], "opera": ["concert", "theater"], "dans": ["dans"], "klassiek": ["concert"],
                        "pop": ["concert"], "film": ["film"], "muziek": ["concert"]}
STAGE_KINDS = {"concert", "theater", "dans", "film", "festival"}
STAGE_OWNERS = {"concertzaal", "cultuurcentrum", "gezelschap", "festival"}
HALL_OWNERS = {"museum", "archief", "bibliotheek", "erfgoedcel", "cultuurcentrum"}
# start (hour, minute) choices and durations in minutes, per kind
TIMES = {"concert": ([(20, 0), (20, 15), (20, 30), (15, 0), (11, 0)], [90, 120]), "theater": ([(20, 0), (20, 30), (15, 0)], [90, 120, 150]),
         "dans": ([(20, 30), (20, 0)], [60, 75, 90]), "film": ([(19, 30), (20, 0), (14, 0)], [100, 120]),
         "festival": ([(12, 0), (14, 0)], [480, 600]), "tentoonstelling": ([(10, 0), (11, 0)], [420, 480]),
         "rondleiding": ([(10, 0), (14, 0), (14, 30)], [60, 90]), "lezing": ([(19, 30), (20, 0), (14, 0)], [60, 90, 120]),
         "cursus": ([(10, 0), (14, 0), (19, 0)], [120, 180]), "opendeurdag": ([(10, 0)], [360, 420])}
ENSEMBLES = ["Collegium Vocale Gent", "B'Rock Orchestra", "Antwerp Symphony Orchestra", "Brussels Philharmonic", "Anima Eterna Brugge",
             "Il Gardellino", "Het Collectief", "Spiegel Strijkkwartet", "Kamerkoor Vox Leiae", "Strijkkwartet Lys"]
WORKS = ["Bach - Johannes-Passion", "Beethoven - Symfonie nr. 7", "Mozart - Requiem", "Brahms - Ein deutsches Requiem",
         "Schubert - Winterreise", "Franck - Vioolsonate in A", "Ysaÿe - Sonates voor viool solo", "Vivaldi - De vier seizoenen",
         "Mahler - Symfonie nr. 4", "Benoit - Lucifer", "Monteverdi - Vespro della Beata Vergine", "Lekeu - Strijkkwartet"]
SOLOISTS = ["sopraan Lies Vandewalle", "pianist Tom Declercq", "violiste Ana Peeters", "cellist Wout Maes", "bariton Pieter Coppens",
            "mezzosopraan Sarah Baert"]
BANDS = ["Kaaiman", "Velvet Leie", "Marjan & de Meeuwen", "Zuiderzon", "Oostwind Collectief", "Brass Ballon", "Kwintet Van Acker",
         "Trio Meersman", "The Scheldt Sextet", "Marie Verbeke Trio", "De Nachtegalen van Ledeberg", "Ruben Declercq Quartet"]
PLAYS = ["Hamlet", "De Leeuw van Vlaanderen", "Mariken van Nieumeghen", "Het huis van Bernarda Alba", "Tartuffe", "Wachten op Godot",
         "Elckerlyc", "De Kersentuin", "Medea", "Karel ende Elegast"]
DANCES = ["Waterlijnen", "Vlucht", "Nachtwerk", "Zonder grond", "Het zwijgen", "Vier seizoenen"]
DANCE_COMPANIES = ["Rosas", "Ultima Vez", "les ballets C de la B", "Peeping Tom", "Opera Ballet Vlaanderen"]
FILMS = ["Daens", "De Witte", "Het gezin van Paemel", "Toto le héros", "Rundskop", "Belgica", "Close", "Girl"]
EXHIBITIONS = [("Zilver van Wolfers", "L'argent des Wolfers", "decoratief"), ("Art nouveau in Gent", "L'Art nouveau à Gand", "erfgoed"),
               ("Design na Expo 58", "Le design après l'Expo 58", "design"), ("De affiche als kunstwerk", "L'affiche, œuvre d'art", "grafiek"),
               ("Beelden uit het stadsarchief", "Images des archives de la ville", "fotografie"),
               ("Honderd jaar Belgisch design", "Cent ans de design belge", "design"),
               ("Het interieur van de jaren vijftig", "L'intérieur des années cinquante", "design"),
               ("Van vlas tot linnen", "Du lin à la toile", "erfgoed"),
               ("Licht en lijn: Henry van de Velde", "Lumière et ligne : Henry van de Velde", "design"),
               ("Thuis in de stad", "Chez soi en ville", "erfgoed"),
               ("Aan tafel! Zilver en porselein", "À table ! Argent et porcelaine", "decoratief"),
               ("Ensor en zijn tijd", "Ensor et son temps", "schilderkunst"), ("Mode uit de jaren zestig", "La mode des années soixante", "mode"),
               ("Fotografen van de straat", "Photographes de la rue", "fotografie"),
               ("Het landschap in de schilderkunst", "Le paysage en peinture", "schilderkunst")]
LECTURE_TOPICS = [("art nouveau in Gent", "erfgoed"), ("de zilversmeden van Brussel", "decoratief"), ("restauratie van textiel", "erfgoed"),
                  ("de geschiedenis van de affiche", "grafiek"), ("fotografie in het interbellum", "fotografie"),
                  ("Belgisch design na 1945", "design"), ("het archief van een stad", "erfgoed"), ("oude drukken ontcijferen", "literatuur"),
                  ("brieven van kunstenaars", "literatuur")]
SPEAKERS = ["prof. Ann Verhaeghe", "dr. Koen De Wilde", "Sofie Van Loo", "Pieter Claeys", "Lotte Vercruysse", "dr. Hans Pauwels"]
CRAFTS = [("zilversmeden", "creativiteit"), ("analoog fotograferen", "fotografie"), ("boekbinden", "creativiteit"),
          ("keramiek draaien", "creativiteit"), ("linosnede", "grafiek"), ("kalligrafie", "creativiteit"), ("zeefdruk", "grafiek"),
          ("meubels restaureren", "erfgoed")]
TOURS = [("de verborgen depots", "erfgoed"), ("de vaste collectie", ""), ("het gebouw", "erfgoed"), ("de nieuwe aanwinsten", ""),
         ("de tijdelijke tentoonstelling", "")]
WALKS = [("art nouveau in {c}", "erfgoed"), ("het industrieel erfgoed van {c}", "erfgoed"), ("kerken en kapellen in {c}", "erfgoed")]
KEYWORDS = ["Paspartoe", "UiTPAS", "Superdivers", "Erfgoeddag", "Open Monumentendag", "Museumnacht", "Kunstendag voor kinderen"]
DAYS_NL = ["ma", "di", "woe", "do", "vr", "za", "zo"]
DAYS_FR = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]

# ---------------------------------------------------------------------------------------------
# Helpers


class FastRandom(random.Random):
    """random.Random with cheap picks: one call to random() each, instead of choice()'s and randint()'s rejection sampling."""

    def pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))


def _mix(x: int) -> int:
    """splitmix64: a cheap, well-spread hash of an integer."""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


_js = json.encoder.encode_basestring  # a JSON string literal, non-ASCII kept as it is


def _uuid(rng: FastRandom) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _kbo(i: int) -> str:
    """A KBO number 0xxx.xxx.xxx with a valid mod-97 check, unique for each i < 7,000,000 and never 02xx (kept for
    the hand-picked ones)."""
    base = 3_000_000 + (i * 4_194_301 + 1_913_000) % 7_000_000
    digits = f"{base:08d}{97 - base % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _host(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[0]


def _id(prefix: str, n: int) -> str:
    return f"{prefix}{n:04d}"


def _brussels_midnight_ms(day: dt.date) -> int:
    """Epoch milliseconds of local midnight in Europe/Brussels (CET/CEST; switches on the last Sundays of March and October)."""
    def last_sunday(month: int) -> dt.date:
        d = dt.date(day.year, month, 31)
        return d - dt.timedelta(days=(d.weekday() + 1) % 7)
    offset = 2 if last_sunday(3) < day <= last_sunday(10) else 1
    return ((day - dt.date(1970, 1, 1)).days * 86400 - offset * 3600) * 1000


class Progress:
    """Prints at most one progress line a second to stderr."""

    def __init__(self, label: str, total: int, quiet: bool):
        self.label, self.total, self.quiet = label, max(total, 1), quiet
        self.next_at = time.monotonic() + 1.0

    def tick(self, done: int) -> None:
        if self.quiet or (done & 1023):
            return
        now = time.monotonic()
        if now >= self.next_at:
            self.next_at = now + 1.0
            print(f"  {self.label}: {done:,}/{self.total:,} ({100 * done // self.total}%)", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# The register: organisations and venues, built in memory (it is small: about objects/100 records)


def build_register(n_orgs: int, n_venues: int, seed: int) -> list[dict]:
    rng = FastRandom(f"{seed}-organisaties")
    orgs: list[dict] = []
    for i in range(n_orgs):
        org = dict(CURATED_ORGS[i]) if i < len(CURATED_ORGS) else _synth_org(rng, i)
        org["venues"] = [v or (org["nl"], org["street"], org["nr"], org["pc"], org["city"], org["lat"], org["lon"])
                         for v in org["venues"]]
        if org["holds"]:
            weight, scheme, prefix, profile, anon, collections = org["holds"]
            org["holds"] = dict(weight=weight, scheme=scheme, prefix=prefix, profile=profile, anon=anon,
                                collections=_compile_collections(collections),
                                keys=list(profile), cum=list(accumulate(profile.values())))
        org["id"] = _id("ORG", i + 1)
        org["kbo"] = org["kbo"] or (_kbo(i) if rng.random() < 0.8 else "")
        if not org["org_cdbid"] and org["uit"] and rng.random() < 0.97:
            org["org_cdbid"] = _uuid(rng)
        elif not org["uit"]:
            org["org_cdbid"] = ""
        org["email"] = f"info@{_host(org['site']).removeprefix('www.')}" if org["site"] and rng.random() < 0.85 else ""
        zone = CITIES.get(org["city"], ("", 0, 0, "2"))[3]
        org["phone"] = (f"+32 {zone} {rng.between(200, 899)} {rng.between(10, 99)} {rng.between(10, 99)}"
                        if rng.random() < 0.8 else "")
        orgs.append(org)
    _fit_venue_counts(orgs, n_venues, rng)
    loc = 0
    for org in orgs:
        venues = []
        for k, v in enumerate(org["venues"]):
            loc += 1
            cdbid = org["venue_cdbids"][k] if k < len(org["venue_cdbids"]) else ""
            if not cdbid and (loc == 1 or rng.random() < 0.88):
                cdbid = _uuid(rng)
            name, street, nr, pc, city, lat, lon = v
            venues.append(dict(id=_id("LOC", loc), cdbid=cdbid, name=name, street=street, nr=nr, pc=pc, city=city,
                               lat=lat, lon=lon, geo=rng.random() < 0.95, fr=org["fr"] if k == 0 and name == org["nl"] else ""))
        org["venues"] = venues
    return orgs


def _synth_org(rng: FastRandom, i: int) -> dict:
    typ = rng.choices([t for t, _ in SYNTH_ORG_TYPES], weights=[w for _, w in SYNTH_ORG_TYPES])[0]
    city = SYNTH_CITIES[(i * 7 + rng.randrange(3)) % len(SYNTH_CITIES)]
    pc, lat, lon, _zone = CITIES[city]
    form = rng.pick(SYNTH_ORG_NAMES[typ])
    name = form.format(c=city, w=rng.pick(NAME_WORDS))
    genre = GEZELSCHAP_GENRE.get(form.split()[0], "")
    if typ in ("concertzaal", "cultuurcentrum", "festival") and not genre:
        genre = rng.pick(["klassiek", "pop", "theater", "muziek"])
    street, nr = rng.pick(STREETS), (str(rng.between(1, 180)) if rng.random() < 0.93 else "")
    lat, lon = round(lat + rng.uniform(-0.012, 0.012), 5), round(lon + rng.uniform(-0.018, 0.018), 5)
    site = ""
    if rng.random() < 0.7:
        site = "https://www." + "".join(ch for ch in name.lower() if ch.isalnum()) + ".be"
    holds = None
    if typ in SYNTH_PROFILES:
        profile, anon, collections = SYNTH_PROFILES[typ]
        initials = "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())
        scheme = {"museum": "pfx_year", "archief": "archive", "bibliotheek": "library"}[typ]
        holds = (rng.between(1, 4), scheme, f"{initials}{i + 1}", profile, anon, collections)
    has_venue = typ not in ("gezelschap", "festival", "erfgoedcel") or rng.random() < 0.2
    return _org(name, typ, street, nr, pc, city, lat, lon, site, venues=[None] if has_venue else [], genre=genre, holds=holds,
                uit=typ != "archief" or rng.random() < 0.4)


def _fit_venue_counts(orgs: list[dict], target: int, rng: FastRandom) -> None:
    total = sum(len(o["venues"]) for o in orgs)
    for min_left in (1, 0):  # first drop second venues, then single ones, from the end of the register
        for org in reversed(orgs):
            while total > target and len(org["venues"]) > min_left:
                org["venues"].pop()
                total -= 1
    k = 0
    while total < target and orgs:
        org = orgs[k % len(orgs)]
        k += 1
        if org["type"] in ("gezelschap", "festival") and k <= len(orgs):
            continue
        first = org["venues"][0] if org["venues"] else (org["nl"], org["street"], org["nr"], org["pc"], org["city"], org["lat"], org["lon"])
        suffix = VENUE_SUFFIXES[len(org["venues"]) % len(VENUE_SUFFIXES)]
        name = first[0] if not org["venues"] else f"{org['nl']} - {suffix}"
        org["venues"].append((name,) + tuple(first[1:5]) + (round(first[5] + rng.uniform(-0.002, 0.002), 5),
                                                            round(first[6] + rng.uniform(-0.002, 0.002), 5)))
        total += 1


def write_organisations(path: Path, orgs: list[dict], quiet: bool) -> int:
    progress = Progress(path.name, len(orgs), quiet)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<organisaties exportdatum="{EXPORT_DATE}">\n')
        for n, org in enumerate(orgs):
            w = [f'  <organisatie id="{org["id"]}">\n', f'    <naam xml:lang="nl">{escape(org["nl"])}</naam>\n']
            for lang in ("fr", "en"):
                if org[lang]:
                    w.append(f'    <naam xml:lang="{lang}">{escape(org[lang])}</naam>\n')
            w.append(f'    <type>{org["type"]}</type>\n')
            for tag in ("kbo", "isil", "wikidata"):
                if org[tag]:
                    w.append(f"    <{tag}>{org[tag]}</{tag}>\n")
            if org["org_cdbid"]:
                w.append(f'    <uitdatabank>{org["org_cdbid"]}</uitdatabank>\n')
            if org["site"]:
                w.append(f'    <website>{escape(org["site"])}</website>\n')
            if org["email"] or org["phone"]:
                w.append("    <contact>" + (f"<email>{org['email']}</email>" if org["email"] else "")
                         + (f"<telefoon>{org['phone']}</telefoon>" if org["phone"] else "") + "</contact>\n")
            w.append("    " + _address_xml(org["street"], org["nr"], org["pc"], org["city"]) + "\n")
            if org["venues"]:
                w.append("    <locaties>\n")
                for v in org["venues"]:
                    attr = f' uitdatabank="{v["cdbid"]}"' if v["cdbid"] else ""
                    w.append(f'      <locatie id="{v["id"]}"{attr}>\n        <naam xml:lang="nl">{escape(v["name"])}</naam>\n')
                    if v["fr"]:
                        w.append(f'        <naam xml:lang="fr">{escape(v["fr"])}</naam>\n')
                    w.append("        " + _address_xml(v["street"], v["nr"], v["pc"], v["city"]) + "\n")
                    if v["geo"]:
                        w.append(f'        <geo lat="{v["lat"]}" lon="{v["lon"]}"/>\n')
                    w.append("      </locatie>\n")
                w.append("    </locaties>\n")
            elif org["type"] in ("gezelschap", "festival") and n % 2:
                w.append("    <locaties/>\n")
            w.append("  </organisatie>\n")
            out.write("".join(w))
            progress.tick(n)
        out.write("</organisaties>\n")
        return out.tell()


def _address_xml(street: str, nr: str, pc: str, city: str) -> str:
    parts = [f"<straat>{escape(street)}</straat>"]
    if nr:
        parts.append(f"<huisnummer>{escape(nr)}</huisnummer>")
    parts.append(f"<postcode>{pc}</postcode><gemeente>{escape(city)}</gemeente><land>BE</land>")
    return "<adres>" + "".join(parts) + "</adres>"


# ---------------------------------------------------------------------------------------------
# Persons: the curated ones, then ones computed from a hash of their number (so objects can look a
# maker up without keeping the list in memory)


class Makers:
    def __init__(self, n_persons: int, seed: int):
        self.n = n_persons
        self.seed = seed
        self.n_curated = min(n_persons, len(PERSONS))
        self.n_synth = n_persons - self.n_curated
        self.by_discipline: dict[str, list[int]] = {d: [] for d in DISCIPLINE_NAMES}
        for i in range(self.n_curated):
            self.by_discipline[PERSONS[i][8]].append(i)
        self.k = len(DISCIPLINE_NAMES)
        self.cache: dict[int, tuple[str, str, str, str, str, str, str, str, str]] = {}

    def row(self, i: int) -> tuple[str, str, str, str, str, str, str, str, str]:
        """(full name, given, family, born, died, wikidata, viaf, rkd, discipline) of person i (0-based)."""
        if i < self.n_curated:
            return PERSONS[i]
        row = self.cache.get(i)
        if row is None:
            if len(self.cache) > 100_000:  # bounded: a cache, not a copy of the register
                self.cache.clear()
            row = self.cache[i] = self._synthesise(i)
        return row

    def _synthesise(self, i: int) -> tuple[str, str, str, str, str, str, str, str, str]:
        j = i - self.n_curated
        h = _mix(self.seed * 1_000_003 + i)
        discipline = DISCIPLINE_NAMES[j % self.k]
        family = FAMILY_NAMES[(h >> 20) % len(FAMILY_NAMES)]
        if (h & 0xFF) < 22 and discipline in WORKSHOP_FORMS:
            return (WORKSHOP_FORMS[discipline].format(f=family), "", "", "", "", "", "", "", discipline)
        given = GIVEN_NAMES[(h >> 8) % len(GIVEN_NAMES)]
        low, high = ERAS.get(discipline, (1820, 1975))
        base = max(low - 30, 1800)
        born = base + (h >> 32) % max(high - base - 20, 1)
        died = born + 40 + (h >> 44) % 50
        born_s = "" if (h >> 56) % 19 == 0 else str(born)
        died_s = "" if died > 2024 or (h >> 58) % 13 == 0 else str(died)
        return (f"{given} {family}", given, family, born_s, died_s, "", "", "", discipline)

    def pick(self, rng: FastRandom, discipline: str) -> int | None:
        curated = self.by_discipline[discipline]
        d = DISCIPLINE_NAMES.index(discipline)
        synth = (self.n_synth - d + self.k - 1) // self.k if d < self.n_synth else 0
        total = len(curated) + synth
        if not total:
            return None
        r = int(rng.random() * total)
        return curated[r] if r < len(curated) else self.n_curated + d + (r - len(curated)) * self.k


def write_persons(path: Path, makers: Makers, quiet: bool) -> int:
    progress = Progress(path.name, makers.n, quiet)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(PERSON_COLUMNS)
        for i in range(makers.n):
            row = makers.row(i)
            writer.writerow((_id("PER", i + 1),) + row[:8] + OTHER_NAMES.get(row[0], ("", "", "")))
            progress.tick(i)
        return out.tell()


# ---------------------------------------------------------------------------------------------
# Objects


class ObjectWriter:
    def __init__(self, orgs: list[dict], makers: Makers, seed: int, n_objects: int):
        self.rng = FastRandom(f"{seed}-objecten")
        self.makers = makers
        self.holders = [o for o in orgs if o["holds"]]
        self.cum = list(accumulate(o["holds"]["weight"] for o in self.holders))
        self.counters = [0] * len(self.holders)
        self.script_at = min(37, n_objects - 1)
        self.material_cache: dict[tuple[str, str, bool], list[tuple[str, ...]]] = {}

    def row(self, i: int) -> list[str]:
        rng = self.rng
        rand = rng.random
        h = bisect_right(self.cum, rand() * self.cum[-1]) if i else 0  # the first object: the first holder's first maker
        holder = self.holders[h]
        holds = holder["holds"]
        self.counters[h] += 1
        maker = None
        discipline = ""
        if holds["anon"] and (rand() < 0.14 or not holds["profile"]) and i:
            objname = rng.pick(holds["anon"])
        else:
            key = holds["keys"][bisect_right(holds["cum"], rand() * holds["cum"][-1]) if i else 0] if holds["profile"] else "zilversmid"
            if key.startswith("@"):
                maker = PERSON_BY_NAME[key[1:]]
                if maker >= self.makers.n:
                    maker = self.makers.pick(rng, PERSONS[maker][8])
                discipline = PERSONS[PERSON_BY_NAME[key[1:]]][8]
            else:
                discipline = key
                maker = self.makers.pick(rng, discipline)
            objname = rng.pick(DISCIPLINES[discipline])
        aat, material_options, (hmin, hmax), titles = OBJECT_TYPES[objname]
        person = self.makers.row(maker) if maker is not None else None

        year = self._year(rng, person, objname)
        if year < 1800 and objname in OLD_TITLES:
            titles = OLD_TITLES[objname]
        if objname in GATED_TITLES:
            titles = [t for t in titles if len(t) == 3 or t[3][0] <= year <= t[3][1]]
        nl, en, fr = rng.pick(titles)[:3]
        if "{" in nl:
            var = nl[nl.index("{") + 1:nl.index("}")]
            values = rng.pick(VARS[var])
            nl = nl.replace("{%s}" % var, values[0])
            nl = nl[:1].upper() + nl[1:]
            en = en.replace("{%s}" % var, values[1]) if en else en
            fr = fr.replace("{%s}" % var, values[2]) if fr else fr
        r = rand()
        title_en = en if en and r < 0.18 else ""
        title_fr = fr if fr and (r < 0.06 or 0.9 < r) else ""
        if rand() < 0.02:
            nl += " "

        cache_key = (objname, discipline, year < 1935)
        options = self.material_cache.get(cache_key)
        if options is None:
            options = material_options
            allowed = DISCIPLINE_MATERIALS.get(discipline)
            if allowed:
                options = [m for m in options if m[0] in allowed] or options
            if year < 1935:
                options = [m for m in options if not MODERN_MATERIALS.intersection(m)] or options
            self.material_cache[cache_key] = options
        materials = rng.pick(options)
        material_ids = [MATERIALS[m] for m in materials]
        material_aat = ";".join(material_ids) if all(material_ids) and rand() < 0.9 else ""

        dating = _dating(rng, year)
        height = ""
        if rand() < 0.85:
            value = round(rng.uniform(hmin, hmax), 1)
            height = f"{value:.1f}".removesuffix(".0") if rand() < 0.6 else f"{value:.1f}"
            if rand() < 0.3:
                height = height.replace(".", ",")

        collection = _collection(rng, holds["collections"], objname, year, person[0] if person else "") if rand() < 0.8 else ""
        description = "" if rand() < 0.08 else _object_description(rng, objname, materials, person, year, holder)
        if i == self.script_at:
            description = "<p>Bij de restauratie werd een oud etiket teruggevonden.</p><script>alert('x')</script>"
        r = rand()
        licence = "CC0" if r < 0.45 else "CC BY 4.0" if r < 0.7 else "CC BY-SA 4.0" if r < 0.82 else ""
        number = _object_number(rng, holds, self.counters[h], year, objname)
        image = ""
        if rand() < 0.7:
            # a picture file named after the object, as collection systems export them; the draw that
            # once chose between two image servers is kept, so that the rest of the data stays the same
            rand()
            image = f"beelden/{picture_name(number)}"
        return [number, nl, title_en, title_fr, objname, aat if rand() < 0.93 else "", ";".join(materials), material_aat,
                _id("PER", maker + 1) if maker is not None else "", dating, height, holder["id"], collection, description,
                licence, image]

    def _year(self, rng: FastRandom, person, objname: str) -> int:
        if person and not person[3]:
            return rng.between(1870, 1970)
        if person:
            born = int(person[3])
            died = int(person[4]) if person[4] else min(born + 80, 2024)
            return rng.between(min(born + 18, died), max(min(died, born + 75), born + 18))
        for discipline, names in DISCIPLINES.items():
            if objname in names and discipline in ERAS:
                low, high = ERAS[discipline]
                return rng.between(max(low, 1800), high)
        return rng.between(1860, 1975)


def _dating(rng: FastRandom, year: int) -> str:
    r = rng.random()
    if r < 0.30:
        return str(year)
    if r < 0.45:
        return f"ca. {year}"
    if r < 0.55:
        return f"{year}~/{year + rng.between(1, 8)}~"
    if r < 0.63:
        return f"{rng.between(1, 28):02d}/{rng.between(1, 12):02d}/{year}"
    if r < 0.71:
        return f"{year}-{rng.between(1, 12):02d}-{rng.between(1, 28):02d}"
    if r < 0.76:
        return f"/{year}"
    if r < 0.83:
        return "0001-01-01"
    return ""


def _compile_collections(collections: list) -> list[tuple]:
    """(name, first year, last year, makers or None, object names or None) for each collection."""
    compiled = []
    for entry in collections:
        name, conditions = (entry, []) if isinstance(entry, str) else (entry[0], entry[1] if isinstance(entry[1], list) else [entry[1]])
        low, high, makers, names = -9999, 9999, None, None
        for c in conditions:
            if isinstance(c, tuple):
                low, high = c
            elif isinstance(c, str):
                makers = frozenset(c[1:].split("|"))
            else:
                names = c
        compiled.append((name, low, high, makers, names))
    return compiled


def _collection(rng: FastRandom, collections: list[tuple], objname: str, year: int, maker: str) -> str:
    fitting = [name for name, low, high, makers, names in collections
               if low <= year <= high and (makers is None or maker in makers) and (names is None or objname in names)]
    return rng.pick(fitting).format(f=rng.pick(FAMILY_NAMES)) if fitting else ""


def _object_number(rng: FastRandom, holds: dict, n: int, year: int, objname: str) -> str:
    scheme, prefix = holds["scheme"], holds["prefix"]
    acquired = rng.between(max(year, 1890), 2024) if year < 2024 else 2024
    if scheme == "dmg":
        r = rng.random()
        if r < 0.45:
            return f"{acquired}-{n:04d}"
        if r < 0.6:
            m = rng.between(2, 6)
            return f"{acquired}-{n:04d}_{rng.between(1, m)}-{m}"
        if r < 0.7:
            m = rng.between(2, 16)
            k = rng.between(1, m - 1)
            return f"FH-{n:04d}_{k}-{k + 1}"
        return f"{acquired}.{n:04d}"
    if scheme == "pfx_year":
        return f"{prefix}.{acquired}.{n:04d}" if rng.random() < 0.8 else f"{prefix} {acquired}-{n:03d}"
    if scheme == "pfx_num":
        return f"{prefix}.{n:05d}"
    if scheme == "pfx_dot":
        return f"{prefix}.{n:03d}"
    if scheme == "plain":
        return str(n + 700)
    if scheme == "plain_pfx":
        return f"{prefix} {n + 1400}"
    if scheme == "archive":
        if objname in PHOTOS:
            return f"{prefix}/FOTO/{n:05d}"
        return f"{prefix}_AF_{n:04d}" if objname == "affiche" else f"{prefix}/{n:05d}"
    return f"{prefix}-{n:06d}"  # library


INTROS = ["{Naam}{materiaal}{door}.", "{Naam}{door}, {wanneer}.", "{Naam}{materiaal}, {wanneer}."]
DESIGN_INTROS = ["{Naam}{materiaal}, {wanneer}. Het stuk is een typisch voorbeeld van {stijl}.",
                 "Het ontwerp sluit aan bij {stijl}. {Naam}{materiaal}{door}."]
DETAILS = {
    "metaal": ["Onderaan gemerkt met meesterteken en keurmerk.", "Lichte gebruikssporen; het verguldsel is plaatselijk gesleten.",
               "Het handvat is later vervangen.", "Gegraveerd monogram op de zijkant."],
    "breekbaar": ["Met fabrieksmerk op de bodem.", "Kleine schilfer aan de voetrand.", "Gesigneerd in de massa."],
    "beeld": ["Gesigneerd rechtsonder.", "Op de achterzijde een etiket van een Brusselse kunsthandel.", "Het vernis is vergeeld.",
              "Vroeger toegeschreven aan een leerling."],
    "foto": ["Afdruk op barietpapier.", "Met stempel van de fotograaf op de achterzijde.", "Opgekleefd op karton."],
    "drukwerk": ["Gedrukt in vier kleuren.", "Met kleine scheurtjes in de marge.", "Gesigneerd in de plaat.", "Met opdracht in potlood."],
    "boek": ["Met ex libris op het schutblad.", "Gebonden in halfleder.", "Enkele katernen los."],
    "brief": ["Met enveloppe.", "Vier bladzijden, handgeschreven.", "Op briefpapier met hoofding."],
    "toestel": ["Het toestel werkt nog; de originele verpakking is bewaard.", "Met handleiding in het Nederlands en het Frans.",
                "Serienummer op de onderzijde."],
    "textiel": ["De stof vertoont enkele kleine herstellingen.", "Met geborduurd monogram.", "Gevoerd met zijde."],
    "meubel": ["Het fineer is plaatselijk gerestaureerd.", "Met origineel beslag.", "De bekleding is niet oorspronkelijk."],
}
DETAIL_KIND = {**{n: "beeld" for n in ["schilderij", "tekening", "beeld", "beeldje"]}, **{n: "foto" for n in PHOTOS},
               **{n: "drukwerk" for n in ["prent", "ets", "houtsnede", "litho", "affiche", "behangpapier"]},
               "boek": "boek", "bladmuziek": "boek", "correspondentie": "brief",
               **{n: "toestel" for n in APPLIANCES | {"speelgoed"}}, **{n: "textiel" for n in ["wandtapijt", "textiel", "jurk", "hoed"]},
               **{n: "meubel" for n in FURNITURE | {"spiegel"}}}
FRAGILE = {"glas", "porselein", "keramiek", "klei"}
BY = {"schilder": "van de hand van", "tekenaar": "van de hand van", "graficus": "van de hand van", "beeldhouwer": "van de hand van",
      "fotograaf": "gemaakt door", "drukker": "gedrukt door", "affichekunstenaar": "ontworpen door"}
SUPPORTS = {("olieverf", "doek"): ", olieverf op doek", ("olieverf", "hout"): ", olieverf op paneel",
            ("olieverf", "karton"): ", olieverf op karton", ("inkt", "papier"): ", inkt op papier", ("inkt", "karton"): ", inkt op karton",
            ("papier",): " op papier", ("papier", "inkt"): " op papier", ("karton",): " op karton"}
PROVENANCE = [
    "Geschonken door de familie {f} in {j}.", "Aangekocht op een veiling in Brussel in {j}.", "In bruikleen uit een privéverzameling.",
    "Verworven met steun van de Koning Boudewijnstichting.", "Overgedragen uit het vroegere Provinciaal Museum Sterckshof in {j}.",
    "Legaat {f}, {j}.",
]
WHEN = ["rond {y}", "vervaardigd in {y}", "kort na {y}", "omstreeks {y}"]
STYLE_PERIODS = [(1700, ["de barok"]), (1850, ["het classicisme", "de romantiek"]),
                 (1895, ["het realisme", "het symbolisme", "de neogotiek", "het luminisme"]), (1915, ["de art nouveau"]),
                 (1940, ["de art deco", "het expressionisme", "het modernisme"]),
                 (1975, ["het functionalisme", "de Expo 58-stijl", "het modernisme"]),
                 (9999, ["het postmodernisme", "het minimalisme"])]


def _style(rng: FastRandom, year: int) -> str:
    return rng.pick(next(styles for until, styles in STYLE_PERIODS if year < until))


def _object_description(rng: FastRandom, objname: str, materials, person, year: int, holder: dict) -> str:
    if tuple(materials) in SUPPORTS:
        material = SUPPORTS[tuple(materials)]
    else:
        names = list(materials)
        material = " in " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1])
    by = ""
    if person:
        by = f", {BY.get(person[8], 'ontworpen door')} {person[0]}" if person[1] else \
            f", {'gedrukt door' if person[8] == 'drukker' else 'vervaardigd door'} {person[0]}"
    when = rng.pick(WHEN).format(y=year)
    nbsp = rng.random()
    if nbsp < 0.15:
        when = when.replace(" ", "&nbsp;", 1)
    elif nbsp < 0.25:
        when = when.replace(" ", "\u00a0", 1)
    kind = DETAIL_KIND.get(objname) or ("breekbaar" if materials[0] in FRAGILE else "metaal")
    if objname in materials:
        material = ""
    intro = rng.pick(INTROS + DESIGN_INTROS if kind in ("metaal", "breekbaar", "meubel", "toestel") else INTROS)
    sentences = [intro.format(Naam=objname[:1].upper() + objname[1:], materiaal=material, door=by, stijl=_style(rng, year), wanneer=when)]
    if rng.random() < 0.7:
        sentences.append(rng.pick(DETAILS[kind]))
    if rng.random() < 0.5:
        sentences.append(rng.pick(PROVENANCE).format(f=rng.pick(FAMILY_NAMES), j=rng.between(min(max(year + 1, 1900), 2023), 2023)))
    if year <= 1910 and rng.random() < 0.1:
        sentences.append("Tentoongesteld op de Wereldtentoonstelling van Brussel in 1910.")
    link = rng.random()
    if link < 0.08 and holder["site"]:
        sentences.append(f'Meer info op <a href="{holder["site"]}">{_host(holder["site"])}</a>.')
    elif link < 0.16 and person and person[5]:
        sentences.append(f'Zie ook <a href="https://www.wikidata.org/wiki/{person[5]}">{person[0]} op Wikidata</a>.')
    form = rng.random()
    if form < 0.35:
        return " ".join(sentences)
    if form < 0.65:
        return "".join(f"<p>{s}</p>" for s in sentences)
    if form < 0.9:
        return "<br />".join(sentences)
    return "<br />\n".join(sentences)


def picture_name(number: str) -> str:
    """The file name of an object's picture: its number with spaces, slashes and dots as hyphens.

    >>> picture_name("LH/FOTO/00001"), picture_name("inv. 1402")
    ('LH-FOTO-00001.svg', 'inv--1402.svg')
    """
    return number.replace(" ", "-").replace("/", "-").replace(".", "-") + ".svg"


PICTURE_COLOURS = ("#d8c9a3", "#b7c9d6", "#c9b3c4", "#b9cfb0", "#d9b8a0", "#c4c4b0")


def picture_svg(number: str, title: str, objname: str) -> str:
    """A small drawn picture of an object (a plinth, the object's outline, its name and number): the
    demo's pictures, so that a fresh clone shows pictures offline. Its colours follow from the number."""
    mark = sum(number.encode("utf-8"))
    colour = PICTURE_COLOURS[mark % len(PICTURE_COLOURS)]
    wide = 60 + mark % 50
    shown = title if len(title) <= 30 else title[:29].rstrip() + "…"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
            f'<rect width="400" height="300" fill="{colour}"/>'
            f'<rect x="120" y="200" width="160" height="18" fill="#5b5247"/>'
            f'<ellipse cx="200" cy="{150 - mark % 20}" rx="{wide}" ry="{40 + mark % 30}" fill="#f4efe6" stroke="#5b5247" stroke-width="3"/>'
            f'<text x="200" y="250" font-family="sans-serif" font-size="20" text-anchor="middle" fill="#2b2620">{escape(shown)}</text>'
            f'<text x="200" y="276" font-family="sans-serif" font-size="14" text-anchor="middle" fill="#2b2620">'
            f'{escape(objname)} · {escape(number)}</text></svg>\n')


def write_objects(path: Path, orgs: list[dict], makers: Makers, n: int, seed: int, quiet: bool,
                  pictures: Path | None = None) -> int:
    """The objects' CSV; with ``pictures``, a folder that gets each object's picture (the demo's)."""
    progress = Progress(path.name, n, quiet)
    gen = ObjectWriter(orgs, makers, seed, n)
    if not gen.holders and n:
        raise SystemExit("no organisation holds objects: ask for more organisations")
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(OBJECT_COLUMNS)
        row = gen.row
        if pictures is not None:
            pictures.mkdir(parents=True, exist_ok=True)
        for i in range(n):
            values = row(i)
            writer.writerow(values)
            if pictures is not None and values[-1]:
                (pictures / Path(values[-1]).name).write_text(picture_svg(values[0], values[1].strip(), values[4]),
                                                              encoding="utf-8")
            progress.tick(i)
        return out.tell()


# ---------------------------------------------------------------------------------------------
# Activities (UiTdatabank search API, CdbXML as JSON)


class ActivityWriter:
    """Writes events as JSON text, assembled from fragments (the organiser's and venue's parts are the same in every
    event there), which is several times faster than building nested dicts and encoding them."""

    FIRST_DAY = dt.date(2025, 1, 1)
    DAYS = (dt.date(2027, 12, 31) - dt.date(2025, 1, 1)).days

    def __init__(self, orgs: list[dict], seed: int):
        self.rng = FastRandom(f"{seed}-activiteiten")
        self.venues = [(v, o) for o in orgs for v in o["venues"] if v["cdbid"]]
        self.organisers = [o for o in orgs if o["org_cdbid"]]
        weights = {"concertzaal": 6, "cultuurcentrum": 6, "gezelschap": 5, "festival": 4, "museum": 3, "erfgoedcel": 2,
                   "bibliotheek": 2, "archief": 1}
        self.cum = list(accumulate(weights[o["type"]] for o in self.organisers))
        self.featured = [o for o in self.organisers if o["holds"]][:5]
        self.near: dict[tuple[str, bool], list[dict]] = {}
        self.fitting: dict[bool, list[dict]] = {False: [], True: []}
        for v, o in self.venues:
            for stage in (False, True):
                if o["type"] in (STAGE_OWNERS if stage else HALL_OWNERS):
                    self.near.setdefault((v["city"], stage), []).append(v)
                    self.fitting[stage].append(v)
            v["json"] = ('{"label": {"cdbid": %s, "externalid": %s, "value": %s}, "actor": null, "address": {"reservation": null, '
                         '"main": null, "virtual": null, "physical": %s}}'
                         % (_js(v["cdbid"]), _js(v["id"]), _js(v["name"]), json.dumps(self._physical(v), ensure_ascii=False)))
        for o in self.organisers:
            o["json"] = ('{"actor": null, "label": {"cdbid": %s, "externalid": %s, "value": %s}}'
                         % (_js(o["org_cdbid"]), _js(o["id"]), _js(o["nl"])))
            contact = []
            if o["email"]:
                contact.append('{"mail": {"reservation": null, "main": null, "value": %s}}' % _js(o["email"]))
            phone = '{"phone": {"reservation": null, "main": null, "type": "phone", "value": %s}}' % _js(o["phone"]) if o["phone"] else ""
            url = '{"url": {"reservation": null, "main": null, "value": %s}}' % _js(o["site"]) if o["site"] else ""
            o["contact_json"] = [self._contact(contact + [url]), self._contact(contact + [phone, url])]
            o["creator_json"] = _js(f"agenda@{_host(o['site']).removeprefix('www.')}" if o["site"] else "invoer@uitdatabank.example")
        self.midnights = [_brussels_midnight_ms(self.FIRST_DAY + dt.timedelta(days=d)) for d in range(self.DAYS + 120)]
        self.type_json, self.theme_json = ({key: '{"type": "%s", "catid": "%s", "value": %s}' % (typ, catid, _js(label))
                                            for key, (catid, label) in table.items()}
                                           for typ, table in (("eventtype", EVENT_TYPES), ("theme", THEMES)))
        self.scope_json = ['{"type": "publicscope", "catid": "%s", "value": %s}' % (catid, _js(label)) for catid, label in PUBLIC_SCOPES]

    @staticmethod
    def _contact(entries: list[str]) -> str:
        entries = [e for e in entries if e]
        return '{"addressAndMailAndPhone": [%s]}' % ", ".join(entries) if entries else "null"

    def event_json(self, i: int) -> str:
        """One element of rootObject: {"event": {...}} as compact JSON."""
        rng = self.rng
        rand = rng.random
        if i < 3 * len(self.featured):
            org = self.featured[i % len(self.featured)]
        else:
            org = self.organisers[bisect_right(self.cum, rand() * self.cum[-1])]
        kind = self._kind(rng, org)
        venue = self._venue(rng, org, kind)
        if kind == "opendeurdag" and venue not in org["venues"]:
            kind = "lezing"
        first = int(rand() * (self.DAYS - 20))
        title_nl, title_fr, body, theme = self._content(rng, kind, org, venue, self.FIRST_DAY.year + first // 365)
        cdbid = _uuid(rng)

        offsets = [first]
        for _ in range(rng.pick((0, 0, 0, 1, 2))):
            offsets.append(offsets[-1] + rng.pick((1, 1, 2, 7, 14)))
        days = [self.FIRST_DAY + dt.timedelta(days=d) for d in offsets]
        starts, durations = TIMES[kind]
        if title_nl.startswith("Lunchconcert"):
            hour, minute = 12, 30
        elif kind == "concert" and theme != "klassiek":
            hour, minute = rng.pick(((20, 0), (20, 30), (21, 0)))
        else:
            hour, minute = rng.pick(starts)
        start_ms = (hour * 60 + minute) * 60_000
        duration = rng.pick(durations) * 60_000 if rand() < 0.6 else None
        end = str(start_ms + duration) if duration else "null"
        timestamps = ", ".join('{"date": %d, "timestart": %d, "opentype": null, "availability": null, "timeend": %s}'
                               % (self.midnights[d], start_ms, end) for d in offsets)
        created = self.midnights[first] - rng.between(20, 240) * 86_400_000 + rng.between(8, 17) * 3_600_000
        updated = created + rng.between(0, 15) * 86_400_000 + rng.between(0, 3_600_000)

        details = [self._detail(rng, "nl", title_nl, body, days, start_ms, duration, org)]
        if title_fr and (venue["city"] in ("Brussel", "Elsene", "Sint-Gillis", "Vorst") or rand() < 0.12):
            details.append(self._detail(rng, "fr", title_fr, body, days, start_ms, duration, org))

        categories = [self.type_json[kind]]
        if theme and rand() < 0.92:
            categories.insert(0 if rand() < 0.5 else 1, self.theme_json[theme])
        if rand() < 0.35:
            categories.append(rng.pick(self.scope_json))
        r = rand()
        external = (f"SKB Import:SKB{rng.between(1, 400):05d}_{rng.between(100000, 999999)}" if r < 0.4
                    else f"CDB:{org['id']}-{i + 1}" if r < 0.65 else None)
        keywords = ";".join(rng.sample(KEYWORDS, rng.pick((1, 1, 2)))) if rand() < 0.55 else ""
        creator = org["creator_json"]
        return "".join((
            '{"event": {"eventrelations": null, "private": false, "organiser": ', org["json"],
            ', "owner": "', "SKB import" if external and external.startswith("SKB") else "UiTdatabank",
            '", "cdbid": "', cdbid, '", "comments": {}, "eventdetails": {"eventdetail": [', ", ".join(details),
            ']}, "keywords": ', _js(keywords),
            ', "calendar": {"timestamps": {"timestamp": [', timestamps, ']}, "periods": null, "permanentopeningtimes": null}',
            ', "isparent": "false", "lastupdated": ', str(updated), ', "languages": null, "location": ', venue["json"],
            ', "createdby": ', creator, ', "contactinfo": ', org["contact_json"][rand() < 0.6],
            ', "availablefrom": ', str(created), ', "wfstatus": "', rng.pick(("approved", "approved", "readyforvalidation")),
            '", "maxparticipants": null, "lastupdatedby": ', creator, ', "externalid": ', _js(external) if external else "null",
            ', "pctcomplete": "', str(rng.pick((70, 80, 90, 100))), '", "categories": {"category": [', ", ".join(categories),
            ']}, "creationdate": ', str(created), ', "availableto": ', str(self.midnights[offsets[-1] + 1]),
            ', "agefrom": ', str(rng.pick(("null", "null", 6, 12, 16))),
            ', "validator": "UiTdatabank Validatoren", "published": "true", "bookingperiod": null}}'))

    def _venue(self, rng: FastRandom, org: dict, kind: str) -> dict:
        own = org.get("uit_venues")
        if own is None:
            own = org["uit_venues"] = [v for v in org["venues"] if v["cdbid"]]
        if own and rng.random() < 0.85:
            return rng.pick(own)
        stage = kind in STAGE_KINDS
        near = self.near.get((org["city"], stage))
        if near and rng.random() < 0.7:
            return rng.pick(near)
        if self.fitting[stage]:
            return rng.pick(self.fitting[stage])
        return own[0] if own else self.venues[int(rng.random() * len(self.venues))][0]

    def _kind(self, rng: FastRandom, org: dict) -> str:
        if org["type"] in ("gezelschap", "concertzaal", "festival") and org["genre"] in EVENT_TYPES_BY_GENRE:
            kinds = EVENT_TYPES_BY_GENRE[org["genre"]]
            if org["type"] == "festival" and org["genre"] != "film":
                kinds = kinds + ["festival"]
            return rng.pick(kinds)
        return rng.pick(EVENT_TYPES_BY_ORG.get(org["type"], ["lezing"]))

    def _content(self, rng: FastRandom, kind: str, org: dict, venue: dict, year: int) -> tuple[str, str, list[tuple[str, str]], str]:
        """(Dutch title, French title or '', paragraphs as (nl, fr), theme key or '')."""
        place = venue["name"]
        if kind == "concert":
            if org["genre"] in ("pop", "muziek") or (org["genre"] != "klassiek" and rng.random() < 0.25):
                band = rng.pick(BANDS)
                title = rng.pick((band, f"{band} - clubtour", f"{band} + support"))
                theme = "jazz" if any(w in band for w in ("Trio", "Quartet", "Kwintet", "Sextet")) else rng.pick(("pop", "pop", "folk"))
                return title, title, [(f"{band} speelt werk uit het nieuwe album, live in {place}.",
                                       f"{band} présente son nouvel album en live à {place}."),
                                      ("Deuren een halfuur voor aanvang.", "Ouverture des portes une demi-heure avant le début.")], theme
            ensemble = org["nl"] if org["type"] == "gezelschap" else rng.pick(ENSEMBLES)
            work = rng.pick(WORKS)
            title = rng.pick((f"{ensemble}: {work}", work, f"Lunchconcert: {work}"))
            return title, title.replace("Lunchconcert", "Concert de midi"), [
                (f"{ensemble} brengt {work}.", f"{ensemble} interprète {work}."),
                (f"Met {rng.pick(SOLOISTS)}.", ""), ("Inleiding een uur voor het concert.", "Introduction une heure avant le concert.")], "klassiek"
        if kind == "tentoonstelling":
            nl, fr, theme = rng.pick(EXHIBITIONS)
            return nl, fr, [(f"{org['nl']} toont stukken uit de eigen collectie, aangevuld met bruiklenen.",
                             f"{org['fr'] or org['nl']} présente des pièces de sa collection, complétées par des prêts."),
                            ("De tentoonstelling is toegankelijk voor rolstoelgebruikers.", "")], theme
        if kind == "rondleiding":
            if org["type"] == "erfgoedcel" or not org["holds"]:
                topic, theme = rng.pick(WALKS)
                topic = topic.format(c=org["city"])
                return f"Wandeling: {topic}", "", [(f"Een gids neemt je mee langs {topic}.", ""),
                                                  ("Vertrek aan de ingang; stevige schoenen aanbevolen.", "")], theme
            topic, theme = rng.pick(TOURS)
            return f"Rondleiding: {topic}", "", [(f"Een gids neemt je mee langs {topic} van {org['nl']}.", ""),
                                                 ("Inschrijven is verplicht; maximaal 20 deelnemers.", "")], theme
        if kind == "lezing":
            (topic, theme), speaker = rng.pick(LECTURE_TOPICS), rng.pick(SPEAKERS)
            title = rng.pick((f"Lezing: {topic}", f"{speaker} over {topic}", f"Studiedag {topic}"))
            return title, "", [(f"{speaker[:1].upper() + speaker[1:]} vertelt over {topic}.", ""), ("Na afloop is er een drankje.", "")], theme
        if kind == "cursus":
            craft, theme = rng.pick(CRAFTS)
            return rng.pick((f"Workshop {craft}", f"Cursus {craft} voor beginners", f"Kinderatelier: {craft}")), "", [
                (f"Leer de basis van {craft} in een kleine groep.", ""), ("Materiaal inbegrepen.", "")], theme
        if kind == "theater":
            play = rng.pick(PLAYS)
            company = org["nl"] if org["type"] == "gezelschap" else rng.pick(("NTGent", "Toneelhuis", "KVS", "Theater Zwerm"))
            return rng.pick((play, f"{company} - {play}")), play, [(f"{company} speelt {play} in een nieuwe regie.",
                                                                      f"{company} joue {play} dans une nouvelle mise en scène."),
                                                                     ("Nederlands gesproken, Franse boventitels.", "")], "theater"
        if kind == "dans":
            piece = rng.pick(DANCES)
            company = org["nl"] if org["type"] == "gezelschap" else rng.pick(DANCE_COMPANIES)
            return f"{company} - {piece}", f"{company} - {piece}", [(f"Een nieuwe choreografie van {company}.",
                                                                    f"Une nouvelle chorégraphie de {company}.")], \
                rng.pick(("moderne dans", "moderne dans", "ballet"))
        if kind == "film":
            film = rng.pick(FILMS)
            return rng.pick((f"Filmvoorstelling: {film}", film)), film, [(f"Vertoning van {film}, met inleiding.", "")], \
                rng.pick(("drama", "documentaire", ""))
        if kind == "festival":
            title = f"{org['nl']} {year}" if org["type"] == "festival" else f"Zomerfestival in {place}"
            theme = {"klassiek": "klassiek", "pop": "pop", "theater": "meerdere"}.get(org["genre"]) or rng.pick(("pop", "jazz", "meerdere"))
            return title, title, [("Een programma vol muziek en theater, op verschillende podia.",
                                   "Un programme de musique et de théâtre, sur plusieurs scènes.")], theme
        return f"Opendeurdag {org['nl']}", "", [("Ontdek het gebouw en de werking, met doorlopend rondleidingen.", "")], "erfgoed"

    def _detail(self, rng, lang, title, body, days, start_ms, duration, org) -> str:
        paras = [p[0] if lang == "nl" else p[1] for p in body]
        paras = [p for p in paras if p]
        if rng.random() < 0.2:
            paras = [p.replace(" ", "\u00a0", 1) for p in paras]
        form = rng.random()
        if form < 0.45:
            long = "".join(f"<p>{p}</p>" for p in paras)
        elif form < 0.85:
            long = "<br />" + "<br />".join(paras)
        else:
            long = " ".join(paras)
        if org["site"] and rng.random() < 0.5:
            more = "Tickets en info" if lang == "nl" else "Billets et infos"
            long += f'<p>{more}: <a href="{org["site"]}">{_host(org["site"])}</a></p>'
        short = paras[0] if paras else title
        r = rng.random()
        if r < 0.15:
            price = '{"pricedescription": "%s", "pricevalue": 0.0}' % ("Gratis" if lang == "nl" else "Gratuit")
        elif r < 0.35:
            price = "null"
        else:
            value = rng.pick((5.0, 7.0, 8.0, 10.0, 12.0, 12.5, 15.0, 16.0, 18.0, 22.0, 25.0, 28.0, 32.0, 38.0))
            desc = "null"
            if rng.random() < 0.4:
                reduced = f"{value * 0.7:.2f}"
                desc = _js((f"Basisprijs: € {value:.2f}; -26: € {reduced}" if lang == "nl"
                            else f"Tarif plein : {value:.2f} €; -26 ans : {reduced} €").replace(".", ","))
            price = '{"pricedescription": %s, "pricevalue": %r}' % (desc, value)
        media = "null"
        if rng.random() < 0.5:
            media = ('{"file": [{"main": true, "copyright": null, "title": null, "plaintext": null, "filetype": "jpeg", '
                     '"mediatype": "photo", "private": null, "filename": null, "cdbid": null, "reltype": null, "creationdate": null, '
                     '"hlink": "https://example.org/uit/%s.jpg", "channel": null}]}' % _uuid(rng))
        return ('{"lang": "%s", "performers": null, "estimatedtime": null, "calendarsummary": %s, "price": %s, "title": %s, '
                '"longdescription": %s, "media": %s, "shortdescription": %s}'
                % (lang, _js(self._summary(lang, days, start_ms, duration)), price, _js(title), _js(long), media, _js(short)))

    @staticmethod
    def _summary(lang: str, days, start_ms: int, duration: int | None) -> str:
        names = DAYS_NL if lang == "nl" else DAYS_FR

        def hm(ms: int) -> str:
            return f"{ms // 3_600_000:02d}:{ms % 3_600_000 // 60_000:02d}"
        parts = []
        for d in days:
            day = f"{names[d.weekday()]} {d:%d/%m/%y}"
            if duration is None:
                parts.append(f"{day} om {hm(start_ms)} " if lang == "nl" else f"{day} à {hm(start_ms)} ")
            else:
                end = hm(start_ms + duration)
                parts.append(f"{day} van {hm(start_ms)} tot {end} " if lang == "nl" else f"{day} de {hm(start_ms)} à {end} ")
        return ", ".join(parts)

    @staticmethod
    def _physical(venue: dict) -> dict:
        gis = {"xcoordinate": venue["lon"], "ycoordinate": venue["lat"]} if venue["geo"] else None
        return {"city": {"cdbid": None, "value": venue["city"]}, "gis": gis, "country": "BE", "housenr": venue["nr"] or None,
                "zipcode": venue["pc"], "street": {"cdbid": None, "value": venue["street"]}}


def write_activities(path: Path, orgs: list[dict], n: int, seed: int, indent: int | None, quiet: bool) -> int:
    progress = Progress(path.name, n, quiet)
    gen = ActivityWriter(orgs, seed)
    if n and (not gen.venues or not gen.organisers):
        raise SystemExit("no venue or organiser has a UiTdatabank cdbid: ask for more organisations and venues")
    if indent is None:
        head, sep, tail = '{"rootObject": [', ", ", "]}\n"
    else:
        pad = " " * indent
        head, sep, tail = "{\n" + pad + '"rootObject": [\n' + pad * 2, ",\n" + pad * 2, "\n" + pad + "]\n}\n"
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(head + json.dumps({"Long": n}))
        event_json = gen.event_json
        for i in range(n):
            text = event_json(i)
            if indent is not None:
                text = json.dumps(json.loads(text), indent=indent, ensure_ascii=False).replace("\n", "\n" + pad * 2)
            out.write(sep + text)
            progress.tick(i)
        out.write(tail)
        return out.tell()


def write_isil_register(path: Path, orgs: list[dict], quiet: bool) -> int:
    """The institutions with an ISIL code, as the ISIL register lists them: a second source that describes
    some organisations of the register again, under its own identifiers (what links across sources)."""
    listed = sorted((org for org in orgs if org["isil"]), key=lambda org: org["isil"])
    progress = Progress(path.name, len(listed), quiet)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(ISIL_COLUMNS)
        for n, org in enumerate(listed):
            writer.writerow((org["isil"], org["nl"], org["kbo"], org["wikidata"], org["site"], org["street"], org["nr"],
                             org["pc"], org["city"]))
            progress.tick(n)
        return out.tell()


# ---------------------------------------------------------------------------------------------


def _job(which: str, args: argparse.Namespace) -> dict[str, tuple[int, int, float, float]]:
    """Writes some of the files; (records, bytes, wall seconds, CPU seconds) for each."""
    orgs = build_register(args.organisations, args.venues, args.seed)
    out = Path(args.out)
    done: dict[str, tuple[int, int, float, float]] = {}

    def timed(name: str, count: int, fn) -> None:
        wall, cpu = time.monotonic(), time.process_time()
        size = fn()
        done[name] = (count, size, time.monotonic() - wall, time.process_time() - cpu)
    if which in ("all", "main"):
        makers = Makers(args.persons, args.seed)
        timed("organisaties.xml", len(orgs), lambda: write_organisations(out / "organisaties.xml", orgs, args.quiet))
        timed("erfgoedinstellingen.csv", sum(1 for org in orgs if org["isil"]),
              lambda: write_isil_register(out / "erfgoedinstellingen.csv", orgs, args.quiet))
        timed("personen.csv", args.persons, lambda: write_persons(out / "personen.csv", makers, args.quiet))
        timed("objecten.csv", args.objects, lambda: write_objects(out / "objecten.csv", orgs, makers, args.objects, args.seed, args.quiet,
                                                                  pictures=out / "beelden" if args.pictures else None))
    if which in ("all", "activities"):
        timed("activiteiten.json", args.activities,
              lambda: write_activities(out / "activiteiten.json", orgs, args.activities, args.seed, args.indent, args.quiet))
    return done


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="datagen.py",
        description=__doc__.split("\n\n")[0] + " Writes organisaties.xml, erfgoedinstellingen.csv, personen.csv, objecten.csv "
                    "and activiteiten.json "
                    "into --out, linked through shared identifiers, deterministic for a given --seed.",
        epilog="examples:\n  python benchmarks/datagen.py --objects 100000 --out /tmp/gen\n"
               "  python benchmarks/datagen.py --objects 1000000 --activities 100000 --out /tmp/gen1m --seed 7\n"
               "  python benchmarks/datagen.py --demo     (rewrites the bundled demo in examples/demo/data)",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, help="number of heritage objects (required unless --demo)")
    parser.add_argument("--persons", type=int, help="number of makers (default: objects/10, at least 1)")
    parser.add_argument("--organisations", type=int, help="number of organisations (default: objects/100, at least 5)")
    parser.add_argument("--venues", type=int, help="number of venues, spread over the organisations (default: as many as organisations)")
    parser.add_argument("--activities", type=int, help="number of activities (default: objects/2)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed; the same seed and counts give the same bytes (default {DEFAULT_SEED})")
    parser.add_argument("--out", help="output folder, created if missing (default with --demo: examples/demo/data)")
    parser.add_argument("--demo", action="store_true",
                        help="the bundled demo: " + ", ".join(f"{v} {k}" for k, v in DEMO_COUNTS.items()) + ", pretty-printed JSON")
    parser.add_argument("--indent", type=int, help="indent the JSON (default: compact; 2 with --demo)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="processes to write with, 1 or 2 (default: %(default)s)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--pictures", action="store_true",
                        help="also draw each object's picture into OUT/beelden/ (small SVG files; always with --demo)")
    args = parser.parse_args(argv)
    if args.demo:
        for key, value in DEMO_COUNTS.items():
            if getattr(args, key) is None:
                setattr(args, key, value)
        if args.indent is None:
            args.indent = 2
        args.pictures = True
        if args.out is None:
            args.out = str(Path(__file__).resolve().parent.parent / "examples" / "demo" / "data")
    if args.objects is None or args.out is None:
        parser.error("--objects and --out are required (or use --demo)")
    if args.persons is None:
        args.persons = max(args.objects // 10, 1)
    if args.organisations is None:
        args.organisations = max(args.objects // 100, 5)
    if args.venues is None:
        args.venues = args.organisations
    if args.activities is None:
        args.activities = args.objects // 2
    for key in ("objects", "persons", "organisations", "venues", "activities"):
        if getattr(args, key) < 0:
            parser.error(f"--{key} must not be negative")
    if args.organisations < 1 or args.persons < 1:
        parser.error("at least one organisation and one person are needed")
    if args.activities and args.venues < 1:
        parser.error("activities need at least one venue")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if not args.quiet:
        print(f"datagen: {args.objects:,} objects, {args.persons:,} persons, {args.organisations:,} organisations, "
              f"{args.venues:,} venues, {args.activities:,} activities -> {args.out} (seed {args.seed})", file=sys.stderr)
    if args.jobs > 1 and args.activities:
        with multiprocessing.get_context("fork").Pool(2) as pool:
            parts = pool.starmap(_job, [("main", args), ("activities", args)])
        results = {**parts[0], **parts[1]}
    else:
        results = _job("all", args)
    elapsed = time.monotonic() - started
    total = cpu_total = 0.0
    print(f"{'file':<24}{'records':>12}{'bytes':>16}{'seconds':>10}{'cpu s':>8}")
    for name in ("organisaties.xml", "erfgoedinstellingen.csv", "personen.csv", "objecten.csv", "activiteiten.json"):
        count, size, seconds, cpu = results[name]
        total += size
        cpu_total += cpu
        print(f"{name:<24}{count:>12,}{size:>16,}{seconds:>10.1f}{cpu:>8.1f}")
    print(f"{'total':<24}{'':>12}{int(total):>16,}{elapsed:>10.1f}{cpu_total:>8.1f}")
    print(f"(venues: {args.venues:,}; seed {args.seed}; out {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
