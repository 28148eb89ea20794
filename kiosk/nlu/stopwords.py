"""Function words, in their normalised form (no accents, elisions expanded).

They stay in the character n-grams (they carry the shape of a question) but are left
out of the word features and of the "shared words" shown to visitors, where they would
make any two sentences look alike.
"""
from __future__ import annotations

STOPWORDS: dict[str, frozenset[str]] = {
    "fr": frozenset("""
        a au aux avec ce ces cet cette ceci cela ca de des du elle elles en et est etre il ils je
        la le les leur leurs lui ma mais me mes moi mon ne nous on ou par pas pour que qui sa se
        ses si son sur ta te tes ton un une vos votre y d l j c n s m t qu suis
        sont ai as avez ont fait faire peut peux dans plus tres bien donc alors oui non ben bah
        euh hein voila aussi est-ce cest
    """.split()),
    "en": frozenset("""
        a an and are as at be been but by can could did do does for from had has have i if in
        into is it its me my of on or our so than that the their them then there these they this
        to too us was we were will with would your am just about any some please well oh um
        uh yeah okay ok really very
    """.split()),
}


def stopwords(language: str) -> frozenset[str]:
    return STOPWORDS.get(language, frozenset())


#: Everyday words that say nothing of a question's subject (common verbs, adverbs,
#: pronouns, time and quantity words), in normalised form. A word of the question that
#: no example uses is a sign the question is about something else, unless it is one of
#: these: "franchement", "souvent", "quelqu'un", "really", "somebody" are not a topic.
GENERAL_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset("""
        je tu il elle on nous vous ils elles me te se moi toi lui eux soi leur leurs mon ton son ma ta sa mes tes ses
        notre nos votre vos ce cet cette ces ceci cela ca celui celle ceux celles lequel laquelle lesquels quoi qui que
        quel quelle quels quelles dont ou comment pourquoi combien quand est-ce qu est ce un une des du de la le les au
        aux et ou mais donc or ni car si oui non pas plus moins tres trop assez peu beaucoup bien mal mieux tout tous
        toute toutes rien personne chacun chacune quelqu quelque quelques autre autres meme memes aussi encore deja
        toujours jamais souvent parfois vraiment seulement juste surtout plutot vite tard tot bientot ensuite apres
        avant depuis pendant maintenant aujourd hui hier demain ici la-bas dessus dessous dedans dehors partout
        ailleurs ainsi alors puis enfin sinon pourtant quand meme exactement precisement vraiment concretement
        franchement simplement clairement vraiment totalement completement environ presque a peu pres sans avec chez
        pour par sur sous vers entre contre selon dans en y etre suis es sommes etes sont etais etait etaient sera
        serait seront ete avoir ai as a avons avez ont avais avait avaient aura aurait auront eu faire fais fait
        faisons faites font faisait fera ferait aller vais vas va allons allez vont allait ira irait pouvoir peux
        peut pouvons pouvez peuvent pouvait pourrait pourra pu vouloir veux veut voulons voulez veulent voudrais
        voudrait voulait devoir dois doit devons devez doivent devrait devrais du savoir sais sait savons savez savent
        savait saurait su dire dis dit disons dites disent disait voir vois voit voyons voyez voient vu venir viens
        vient venons venez viennent venu prendre prends prend prenons prenez prennent pris mettre mets met mis donner
        donne donnes donnent donne parler parle parles parlent penser pense penses pensent croire crois croit trouver
        trouve trouves passer passe passes falloir faut fallait sembler semble aimer aime aimerais aimerait
        comprendre comprends comprend compris expliquer explique expliques demander demande demandes entendre
        entendu entends regarder regarde chose choses truc trucs machin temps fois jour jours an ans annee annees
        moment moments monde gens cas facon maniere sorte genre espece question questions reponse reponses idee avis
        coup bout fin debut partie part nombre exemple histoire niveau vraie vrai grand grande petit petite bon bonne
        nouveau nouvelle gros grosse premier premiere dernier derniere seul seule certain certaine certains certaines
        plein pleins lieu hein bah ben euh voila voici salut merci madame monsieur oui ok okay
        un deux trois quatre cinq six sept huit neuf dix cent mille
        cause possible possibles impossible capable capables facile difficile important importante normal normale
        vraie vrais pareil pareille different differente differents simple simples precis precise general generale
        actuel actuelle actuellement prochain prochaine prochains passee suivant suivante autant tellement
        assurer sure certain vachement carrement grave super genial nul nulle attendre attends attend
        ecouter ecoute croyais pensais savais voulais lire ecrire ecris ecrit ecrite parait semblerait
        arriver arrive arrivee arrives partir pars parti rester reste restent tenir tiens tient laisser
        laisse laisses continuer continue commencer commence finir fini termine marcher marche servir sert
        utiliser utilise aider aide aides essayer essaie chercher cherche besoin envie peur raison tort
    """.split()),
    "en": frozenset("""
        i you he she it we they me him her us them my your his its our their mine yours this that these those
        what which who whom whose where when why how whether if then than so and or but nor not no yes yeah ok okay
        a an the of to in on at by for from with without about into onto over under up down out off again just only
        also too very really quite rather pretty much many more most less least some any every each all both either
        neither none nothing something anything everything someone somebody anyone anybody everyone everybody one
        ones other others another same such own still already always never often sometimes usually ever even yet
        now today tomorrow yesterday here there everywhere somewhere anywhere soon later before after since until
        while during actually basically exactly simply clearly honestly seriously totally completely roughly nearly
        almost around like well maybe perhaps probably is am are was were be been being have has had having do does
        did done doing will would shall should can could may might must get gets got getting go goes going went gone
        make makes made making take takes took taken come comes came say says said tell tells told know knows knew
        known think thinks thought see sees saw seen look looks want wants wanted need needs needed give gives gave
        find finds found mean means meant wonder wondering guess seem seems understand explain ask asked
        thing things stuff way ways time times day days year years moment people person part kind sort lot lots bit
        question questions answer answers idea point case number example level big small little new old good bad
        great real first last next whole sure right wait please thanks hello hi hey um uh er oh
        two three four five six seven eight nine ten hundred thousand
        because cause possible impossible able unable easy hard simple different same similar important normal
        true false sure certain currently current next previous last past present enough such anyway though
        although however instead whole kind kinds able let lets letting keep keeps kept put puts use used using
        help helps helped try tries tried start started begin began finish finished happen happens happened
        talk talking speak speaking write writing wrote written read reading call called calling work works
        worked working show shows showed feel feels felt believe believed hear heard heard listen told reply
        wait waiting stay stays leave leaving left stop stopped live lives move moved bring brought turn turned
        world place places
    """.split()),
}


def general_words(language: str) -> frozenset[str]:
    return GENERAL_WORDS.get(language, frozenset()) | STOPWORDS.get(language, frozenset())
