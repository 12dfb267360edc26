"""Offline, deterministic generator of natural-looking fr/ja/ko sentences for language-ID tests."""
import math
import random

GENERATED_LANGS = ('fr', 'ja', 'ko')

def _w(s, kv=False):
    """Split a '|'-separated word list; with kv=True, split each 'a:b' item into a tuple."""
    return [tuple(x.split(':')) for x in s.split('|')] if kv else s.split('|')

def _pairs(*groups):
    """All ordered pairs of distinct words taken within each '|'-separated group."""
    return [(a, b) for g in groups for a in _w(g) for b in _w(g) if a != b]

def _cross(*groups):
    """(topic, predicate) tuples: each topic of a group combined with each predicate of that group."""
    return [(t, p) for ts, ps in groups for t in _w(ts) for p in _w(ps)]

# ------------------------------------------------------------------------------------------------ French
_VOWELS = tuple('aeiouhéèêàâîôœAEIOUÉÈÎÔ')

def _el(word, full, short):
    """`full word`, or the elided `short` + word before a vowel (que/qu', de/d', le/l')."""
    return short + word if word.startswith(_VOWELS) else f'{full} {word}'

QU, DE, LE = "qu'", "d'", "l'"

def _le(n):
    """Definite article + (noun, gender), with elision."""
    return _el(n[0], 'le' if n[1] == 'm' else 'la', LE)

def _cap(s):
    """Capitalise the first character only."""
    return s[0].upper() + s[1:]

def _np(n, a):
    """Indefinite noun phrase with a post-nominal adjective agreeing in gender."""
    return ('un ' if n[1] == 'm' else 'une ') + n[0] + ' ' + a[n[1] == 'f']

def _qty(k, item):
    """Quantity + plural item, eliding 'de' where needed."""
    return k[:-3] + ' ' + _el(item, 'de', DE) if k.endswith(' de') else f'{k} {item}'

FR_SUBJ = _w("le ministre de la Culture|la maire de Lyon|le président du club|la directrice de l'école|mon voisin|"
             "ma sœur|notre professeur|le boulanger du quartier|une jeune chercheuse|l'entraîneur de l'équipe|"
             "le gouvernement|la mairie|l'entreprise|un groupe d'étudiants|l'association des parents|Marie|"
             "Jean-Pierre|la police municipale|le syndicat|le chef cuisinier|une start-up lyonnaise|"
             "le conseil municipal|mon grand-père|ma collègue|l'artiste|le journaliste|la présidente de la région")
FR_VERB = _w("présenter:présenté|annoncer:annoncé|lancer:lancé|financer:financé|critiquer:critiqué|soutenir:soutenu|"
             "découvrir:découvert|préparer:préparé|organiser:organisé|proposer:proposé|défendre:défendu|"
             "choisir:choisi|réaliser:réalisé|terminer:terminé|créer:créé|étudier:étudié|améliorer:amélioré|"
             "recommander:recommandé|tester:testé|imaginer:imaginé|dévoiler:dévoilé", kv=True)
FR_NOUN = _w("projet:m|plan:m|festival:m|programme:m|rapport:m|service:m|concours:m|spectacle:m|site internet:m|"
             "réseau:m|partenariat:m|budget:m|guide:m|atelier:m|réforme:f|exposition:f|campagne:f|étude:f|"
             "application:f|initiative:f|formation:f|enquête:f|collection:f|politique:f|stratégie:f|"
             "conférence:f", kv=True)
FR_ADJ = _w("ambitieux:ambitieuse|important:importante|original:originale|coûteux:coûteuse|moderne:moderne|"
            "écologique:écologique|innovant:innovante|local:locale|national:nationale|gratuit:gratuite|"
            "numérique:numérique|européen:européenne|inattendu:inattendue|discret:discrète|attendu:attendue|"
            "complet:complète|culturel:culturelle|sportif:sportive|public:publique|régional:régionale|"
            "populaire:populaire|prometteur:prometteuse|étonnant:étonnante|créatif:créative", kv=True)
FR_EVAL = _w("réussi:réussie|utile:utile|cher:chère|bruyant:bruyante|compliqué:compliquée|efficace:efficace|"
             "beau:belle|long:longue|intéressant:intéressante|agréable:agréable|fragile:fragile|ennuyeux:ennuyeuse|"
             "impressionnant:impressionnante|pratique:pratique|critiqué:critiquée|risqué:risquée|lent:lente|"
             "prometteur:prometteuse|sérieux:sérieuse|apprécié:appréciée", kv=True)
FR_INT = _w("très|assez|vraiment|plutôt|trop|particulièrement|extrêmement")
FR_SAY = _w("pense|estime|affirme|trouve|explique|rappelle|reconnaît|assure|dit|constate|croit|souligne|répète")
FR_PAST = _w("hier|hier soir|ce matin|la semaine dernière|lundi dernier|mardi matin|jeudi après-midi|samedi soir|"
             "le mois dernier|l'année dernière|dimanche|avant-hier|mardi soir|au printemps dernier|cet hiver|"
             "pendant les vacances|en janvier|en octobre|vendredi dernier|mercredi midi|l'été dernier|début mars")
FR_FUT = _w("demain|demain matin|la semaine prochaine|lundi prochain|le mois prochain|l'année prochaine|cet été|"
            "en septembre|d'ici la fin de l'année|dans deux semaines|avant Noël|samedi prochain|au printemps|"
            "dès la rentrée|à partir de janvier|dans quelques jours|ce week-end|après les élections|en fin d'année")
FR_CITY = _w("Paris|Lyon|Marseille|Toulouse|Bordeaux|Lille|Nantes|Strasbourg|Nice|Rennes|Montpellier|Grenoble|Dijon|"
             "Reims|Angers|Brest|Tours|Limoges|Genève|Bruxelles|Québec|Montréal|Orléans|Avignon")
FR_PLACE = ['à ' + c for c in FR_CITY] + _w(
    "au marché|dans le centre-ville|à la mairie|près de la gare|à l'école|au bureau|dans le quartier|"
    "à la bibliothèque|au stade|sur la grande place|en banlieue|à la campagne|sur la côte|dans la vieille ville")
FR_SRC = _w("selon la presse locale|d'après un communiqué officiel|selon nos informations|"
            "d'après le journal régional|selon un porte-parole|d'après plusieurs témoins|selon la radio locale|"
            "d'après la préfecture|selon les syndicats|selon le site municipal|d'après une lettre d'information")
FR_ITEM = _w("livres|billets de train|chaises|vélos|ordinateurs portables|bouteilles de vin|places de concert|"
             "kilos de pommes|paniers de légumes|tableaux|plantes vertes|lampes|manteaux|jeux vidéo|cartes postales|"
             "bouquets de fleurs|paires de chaussures|boîtes de chocolats|tasses|affiches")
FR_QTY = _w("deux|trois|quatre|cinq|six|sept|huit|dix|douze|quinze|vingt|plusieurs|quelques|une dizaine de")
FR_WEATHER = _w("a beaucoup plu|a neigé toute la journée|a fait très chaud|a fait très froid|"
                "y a eu du vent|y a eu un violent orage|y a eu du brouillard|a grêlé|"
                "a fait un temps magnifique|a fait plus de 35 degrés|a gelé pendant la nuit|y a eu une tempête")
FR_CONSEQ = _w("la circulation était difficile|les écoles sont restées fermées|le marché a été annulé|"
               "les trains étaient en retard|les terrasses étaient pleines|le concert a été reporté|"
               "les rues étaient presque vides|les enfants ont joué dehors|les pompiers sont intervenus|"
               "les magasins ont fermé tôt|le match a été annulé|les vols ont été retardés|les parcs étaient bondés")
FR_SURVEY = _w("un sondage récent|une enquête de la mairie|une étude universitaire|un rapport officiel|"
               "un sondage en ligne|une étude nationale|une enquête du journal local|un institut de sondage")
FR_PREF = _w("le vélo à la voiture|le train à l'avion|le thé au café|la mer à la montagne|le cinéma à la télévision|"
             "les marchés aux supermarchés|la campagne à la ville|le printemps à l'automne|la radio aux podcasts|"
             "le télétravail au bureau|les livres papier aux liseuses|le fromage au dessert|le bus au métro|"
             "les vacances d'été aux vacances d'hiver|la marche à pied à la voiture")
FR_NUM = [str(p) for p in range(5, 400)]

FR = [
    (lambda t, s, v, n, a, p: f"{_cap(t)}, {s} a {v[1]} {_np(n, a)} {p}.",
     [FR_PAST, FR_SUBJ, FR_VERB, FR_NOUN, FR_ADJ, FR_PLACE]),
    (lambda s, v, n, a, p, t: f"{_cap(s)} a {v[1]} {_np(n, a)} {p} {t}.",
     [FR_SUBJ, FR_VERB, FR_NOUN, FR_ADJ, FR_PLACE, FR_PAST]),
    (lambda s, v, n, a, t: f"Est-ce {_el(s, 'que', QU)} va {v[0]} {_np(n, a)} {t} ?",
     [FR_SUBJ, FR_VERB, FR_NOUN, FR_ADJ, FR_FUT]),
    (lambda src, s, v, n, a, t: f"{_cap(src)}, {s} va {v[0]} {_np(n, a)} {t}.",
     [FR_SRC, FR_SUBJ, FR_VERB, FR_NOUN, FR_ADJ, FR_FUT]),
    (lambda s, say, n, a, i, e: f"{_cap(s)} {say} que {_le(n)} {a[n[1] == 'f']} est {i} {e[n[1] == 'f']}.",
     [FR_SUBJ, FR_SAY, FR_NOUN, FR_ADJ, FR_INT, FR_EVAL]),
    (lambda s, k, it, p, pr: f"{_cap(s)} a acheté {_qty(k, it)} {p} pour {pr} euros.",
     [FR_SUBJ, FR_QTY, FR_ITEM, FR_PLACE, FR_NUM]),
    (lambda t, w, p, c: f"{_cap(t)}, il {w} {p}, et {c}.", [FR_PAST, FR_WEATHER, FR_PLACE, FR_CONSEQ]),
    (lambda s, v, n, a, t: f"Savez-vous pourquoi {s} a {v[1]} {_np(n, a)} {t} ?",
     [FR_SUBJ, FR_VERB, FR_NOUN, FR_ADJ, FR_PAST]),
    (lambda sv, pc, c, pr: f"D'après {sv}, {pc} % des habitants {_el(c, 'de', DE)} préfèrent {pr}.",
     [FR_SURVEY, FR_NUM[6:85], FR_CITY, FR_PREF]),
]

# ------------------------------------------------------------------------------------------------ Japanese
JA_SUBJ = _w("田中さん|山田部長|佐藤先生|市長|会社の社長|学生たち|私の友達|政府|警察|研究チーム|新しい店長|母|兄|隣の人|担当者|選手たち|東京都|大学の教授|医者の鈴木さん|技術者の高橋さん|デザイナー|"
             "プロジェクト班|営業部の人|祖父|妹|記者|地元の農家|ボランティア")
JA_PAST = _w("昨日|今朝|先週|先月|去年|月曜日の朝|先週末|昨夜|三日前|夏休み|水曜日の午後|金曜日の夜|去年の冬|おととい|今日の昼|先月の終わり|日曜日|土曜日の午前|連休中|正月")
JA_FUT = _w("明日|来週|来月|来年|今週末|あさって|来週の月曜日|今度の金曜日|この夏|年末|来年の春|三月|この秋|今夜|週明け|冬休み|月末")
JA_DAY = JA_PAST[:9]
JA_CITY = _w("東京|大阪|京都|札幌|福岡|名古屋|横浜|神戸|仙台|広島|沖縄|奈良|金沢|長野|熊本")
JA_PLACE = JA_CITY[:9] + _w("駅前のカフェ|会議室|図書館|公園|学校|病院|市役所|空港|スーパー|デパート|ホテルのロビー|本社|体育館|美術館|商店街|キャンパス|レストラン|コンビニ|駅のホーム")
JA_VP = _w("新しい計画:発表しました|報告書:提出しました|コンピューター:買いました|スマートフォン:なくしました|新製品:紹介しました|調査の結果:公開しました|地図:確認しました|旅行の予定:立てました|"
           "ソフトウェア:更新しました|写真:撮りました|映画のチケット:予約しました|ケーキ:作りました|会議の資料:準備しました|来年の予算:話し合いました|本:借りました|コーヒー:注文しました|"
           "プレゼント:もらいました|ウェブサイト:公開しました|手紙:送りました|昼ご飯:食べました|花束:買いました|自転車:修理しました|かばん:選びました|新聞:読みました|ポスター:貼りました|映画:見ました|"
           "契約書:確認しました|新しいアプリ:開発しました|部屋:掃除しました|宿題:終わらせました|記事:書きました|音楽:聞きました|傘:なくしました|料理のレシピ:調べました", kv=True)
JA_TOPIC = _w("新しい計画|報告書|新製品|調査の結果|旅行の予定|来年の予算|ウェブサイト|会議の資料|契約書|新しいアプリ|販売戦略|安全対策|採用計画|お客様の意見|次のイベント|売り上げ|環境問題")
JA_TALK = _w("説明しました|話しました|質問しました|意見を言いました|報告しました|発表しました|相談しました|詳しく話しました")
JA_EVENT = _w("国際会議|音楽フェス|花火大会|マラソン大会|展示会|セミナー|コンサート|説明会|記者会見|料理教室|サッカーの試合|映画の上映会|就職フェア|ワークショップ|写真展|フリーマーケット|講演会|"
              "お祭り|ファッションショー|朗読会")
JA_WEATHER = _w("雪が降った|雨が強く降った|台風が来た|気温が上がった|風が強かった|霧が出た|大雨だった|雷が鳴った|とても寒かった|朝から暑かった|大雪が降った|雨が一日中降った")
JA_RESULT = _w("電車が遅れました|学校が休みになりました|イベントが中止になりました|道がとても混みました|多くの人が家にいました|公園に人が集まりました|飛行機が欠航しました|店が早く閉まりました|"
               "試合が延期されました|バスが止まりました|海岸に人が少なかったです|エアコンがよく売れました")
JA_ITEM = _w("本:冊|りんご:個|チケット:枚|ペン:本|シャツ:枚|ケーキ:個|花:本|ノート:冊|傘:本|卵:個|切手:枚|皿:枚|椅子:脚|"
             "自転車:台|パン:個|牛乳:本|雑誌:冊|靴下:足|みかん:個", kv=True)
JA_NUM = _w("一|二|三|四|五|六|七|八|九|十|十二|二十")
JA_GOAL = _w("旅行|出張|買い物|観光|取材|食事|見学|応援|花見|スキー|釣り|研修|留学|ハイキング|キャンプ")
JA_SRC = _w("ニュース|新聞|天気予報|友達|店員さん|専門家|先生|会社の先輩|町の人たち|ネットの記事|観光ガイド|テレビ番組")
JA_HEARSAY = _cross(
    ("駅前のラーメン屋|新しい駅ビル|このホテル|近くの公園|この町の図書館|人気のカフェ|新しい美術館|駅前の本屋",
     "とても人気がある|いつも混んでいる|とても便利だ|とても静かだ|もうすぐ閉まる|評判がいい|来月から新しくなる"),
    ("来年の家賃|バスの料金|電気代|駅前の駐車場", "少し高くなる|思ったより安い|来月から上がる|去年より上がった"),
    ("今年の夏|週末の天気|この冬|来週の天気", "とても暑くなる|雨が多くなる|いつもより寒い|晴れる"),
    ("来月の試験|あの映画|新しいアプリ|その本", "かなり難しい|とても人気がある|評判がいい|思ったよりおもしろい"))
JA_PAIR = _pairs("コーヒー|紅茶|緑茶|ジュース", "すし|ラーメン|カレー|そば|うどん|天ぷら", "山|海|川", "夏|冬|春|秋",
                 "犬|猫|鳥", "電車|バス|車|自転車", "映画|音楽|読書|ゲーム")
JA_ORG = _w("市役所|鉄道会社|大学|病院|警察|動物園|観光協会|電力会社|バス会社|商工会")
JA_NEWS = _w("新しい駅を作る|料金を値上げする|営業時間を延長する|無料のバスを走らせる|公園を広くする|駐車場を増やす|新しい図書館を建てる|外国人向けの案内を増やす|夜間の運行を始める|サービスを見直す")

JA = [
    (lambda t, s, p, vp: f"{t}、{s}は{p}で{vp[0]}を{vp[1]}。", [JA_PAST, JA_SUBJ, JA_PLACE, JA_VP]),
    (lambda t, p, e: f"{t}、{p}で{e}が開かれる予定です。", [JA_FUT, JA_PLACE, JA_EVENT]),
    (lambda t, c, w, r: f"{t}、{c}では{w}ので、{r}。", [JA_PAST, JA_CITY, JA_WEATHER, JA_RESULT]),
    (lambda s, p, it, k: f"{s}は{p}で{it[0]}を{k}{it[1]}買いました。", [JA_SUBJ, JA_PLACE, JA_ITEM, JA_NUM]),
    (lambda s, t, c, g: f"{s}は{t}、{c}へ{g}に行く予定です。", [JA_SUBJ, JA_FUT, JA_CITY, JA_GOAL]),
    (lambda src, h: f"{src}によると、{h[0]}は{h[1]}そうです。", [JA_SRC, JA_HEARSAY]),
    (lambda s, ab: f"{s}は{ab[0]}より{ab[1]}のほうが好きだと言っていました。", [JA_SUBJ, JA_PAIR]),
    (lambda d, s, o, v: f"{d}の会議で、{s}は{o}について{v}。", [JA_DAY, JA_SUBJ, JA_TOPIC, JA_TALK]),
    (lambda c, org, t, nw: f"{c}の{org}は{t}、{nw}と発表しました。", [JA_CITY, JA_ORG, JA_PAST, JA_NEWS]),
]

# ------------------------------------------------------------------------------------------------ Korean
def has_batchim(word):
    """True if the last character of `word` is a Hangul syllable with a final consonant."""
    c = word[-1]
    return '\uac00' <= c <= '\ud7a3' and (ord(c) - 0xAC00) % 28 != 0

def _j(word, after_consonant, after_vowel):
    """Attach the particle form agreeing with the word's batchim (은/는, 이/가, 을/를)."""
    return word + (after_consonant if has_batchim(word) else after_vowel)

KO_SUBJ = _w("김 과장|우리 팀|정부|서울 시장|선생님|학생들|제 친구|어머니|회사 대표|연구팀|경찰|서울시|민수 씨|지영 씨|그 가수|옆집 사람|남동생|할아버지|새 매니저|대학교 교수|의사|기자|"
             "축구 선수들|시민 단체|요리사|언니|사장님|지역 농민들")
KO_PAST = _w("어제|오늘 아침|지난주에|지난달에|작년 겨울에|그저께|어젯밤|금요일 저녁에|사흘 전에|방학 동안|점심시간에|오늘 오후|지난 주말에|월요일 아침에|작년에|올해 봄에|지난 연휴에|새벽에|"
             "수요일 오후에|일요일에")
KO_FUT = _w("내일|다음 주에|다음 달에|내년에|이번 주말에|모레|다음 주 월요일에|이번 금요일에|올여름에|연말에|내년 봄에|삼월에|이번 가을에|오늘 밤|다음 연휴에|곧")
KO_DAY = _w("어제|오늘 아침|지난주|월요일|지난달|오늘 오전|오늘 오후|수요일|지난번|금요일")
KO_CITY = _w("서울|부산|대구|인천|광주|대전|울산|수원|전주|경주|강릉|제주도|춘천|포항")
KO_PLACE = KO_CITY[:6] + _w("제주도|회의실|도서관|공원|학교|병원|시청|공항|백화점|카페|식당|호텔 로비|본사|체육관|미술관|전통 시장|대학교|편의점|지하철역|강남역 근처")
KO_VP = _w("새로운 계획:발표했습니다|보고서:제출했습니다|노트북:샀습니다|휴대폰:잃어버렸습니다|신제품:소개했습니다|설문 결과:공개했습니다|지도:확인했습니다|여행 일정:정리했습니다|"
           "프로그램:설치했습니다|사진:찍었습니다|영화 표:예매했습니다|케이크:만들었습니다|회의 자료:준비했습니다|예산안:논의했습니다|책:빌렸습니다|커피:주문했습니다|선물:받았습니다|"
           "웹사이트:공개했습니다|편지:보냈습니다|점심:먹었습니다|꽃다발:샀습니다|컴퓨터:고쳤습니다|가방:골랐습니다|신문:읽었습니다|포스터:붙였습니다|영화:봤습니다|계약서:검토했습니다|"
           "새 앱:개발했습니다|방:청소했습니다|숙제:끝냈습니다|기사:썼습니다|음악:들었습니다|우산:잃어버렸습니다|요리법:찾았습니다|자료:분석했습니다", kv=True)
KO_TOPIC = _w("새로운 계획|보고서|신제품|설문 결과|여행 일정|예산안|웹사이트|회의 자료|계약서|새 앱|마케팅 전략|안전 문제|채용 계획|고객 불만|다음 행사|판매 실적|환경 정책")
KO_TALK = _w("설명했습니다|질문했습니다|발표했습니다|이야기했습니다|보고했습니다|의견을 말했습니다|자세히 설명했습니다|다시 논의했습니다")
KO_EVENT = _w("국제 회의|음악 축제|불꽃 축제|마라톤 대회|전시회|세미나|콘서트|설명회|기자 회견|요리 교실|축구 경기|영화제|취업 박람회|사진전|벼룩시장|토론회|독서 모임|패션쇼|북 콘서트")
KO_WEATHER = _w("비가 많이 와서|눈이 내려서|날씨가 너무 더워서|바람이 세게 불어서|태풍이 와서|안개가 짙어서|기온이 갑자기 내려가서|폭우가 쏟아져서|천둥이 쳐서|날씨가 아주 추워서|"
                "하루 종일 비가 와서|눈이 많이 쌓여서")
KO_RESULT = _w("기차가 늦게 도착했습니다|학교가 문을 닫았습니다|행사가 취소되었습니다|길이 많이 막혔습니다|사람들이 집에 머물렀습니다|비행기가 결항되었습니다|공원이 텅 비었습니다|"
               "가게들이 일찍 문을 닫았습니다|경기가 연기되었습니다|버스가 운행을 멈췄습니다|바닷가에 사람이 적었습니다|에어컨이 많이 팔렸습니다")
KO_ITEM = _w("책:권|커피:잔|사과:개|영화 표:장|우유:병|운동화:켤레|장미:송이|셔츠:벌|연필:자루|공책:권|생수:병|빵:개|우표:장|바지:벌|의자:개|자전거:대|노트북:대|아이스크림:개|"
             "귤:상자|양말:켤레", kv=True)
KO_NUM = _w("한|두|세|네|다섯|여섯|일곱|여덟|아홉|열")
KO_GOAL = _w("여행을|출장을|친구를 만나러|쇼핑하러|공연을 보러|맛집을 찾으러|면접을 보러|가족을 만나러|구경하러|회의하러|축제를 보러|바다를 보러|등산하러|캠핑하러")
KO_SRC = _w("뉴스|신문 기사|친구 말|전문가들 말|일기 예보|조사 결과|선생님 말씀|인터넷 기사|관광 안내서|동네 사람들 말")
KO_HEARSAY = _cross(
    ("새 지하철역|역 앞 호텔|이 동네 카페|근처 공원|새 미술관|새로 생긴 빵집|이 식당의 냉면|시립 도서관",
     "아주 인기가 많다|늘 붐빈다|정말 편리하다|아주 조용하다|곧 문을 닫는다|평이 좋다|다음 달부터 바뀐다"),
    ("시내 버스 요금|내년 집세|전기 요금|역 앞 주차장", "조금 비싸다|생각보다 싸다|다음 달부터 오른다|작년보다 올랐다"),
    ("올해 여름|주말 날씨|이번 겨울|다음 주 날씨", "무척 덥다|비가 자주 온다|평소보다 춥다|맑다"),
    ("다음 달 시험|그 영화|새로운 앱|그 책", "꽤 어렵다|아주 인기가 많다|평이 좋다|생각보다 재미있다"))
KO_PAIR = _pairs("커피|녹차|주스|우유", "김치찌개|냉면|비빔밥|불고기|라면", "산|바다|강", "여름|겨울|봄|가을",
                 "강아지|고양이|새", "지하철|버스|택시|자전거", "영화|음악|독서|게임")
KO_ORG = _w("서울시|부산시|정부|교육청|한 대기업|국립 대학교|문화체육관광부|지하철 공사|시 의회|보건소")
KO_FROM = _w("내년|다음 달|올해 하반기|내년 봄|삼월|다음 주|올가을|새 학기")
KO_POLICY = _w("버스 요금을 올릴|새 도서관을 지을|무료 와이파이를 설치할|공원을 넓힐|야간 버스를 늘릴|전기차 충전소를 만들|주차장을 확대할|외국어 안내판을 늘릴|온라인 수업을 시작할")

KO = [
    (lambda t, s, p, vp: f"{t} {_j(s, '은', '는')} {p}에서 {_j(vp[0], '을', '를')} {vp[1]}.",
     [KO_PAST, KO_SUBJ, KO_PLACE, KO_VP]),
    (lambda t, p, e: f"{t} {p}에서 {_j(e, '이', '가')} 열릴 예정입니다.", [KO_FUT, KO_PLACE, KO_EVENT]),
    (lambda t, c, w, r: f"{t} {c}에는 {w} {r}.", [KO_PAST, KO_CITY, KO_WEATHER, KO_RESULT]),
    (lambda s, p, it, k: f"{_j(s, '은', '는')} {p}에서 {it[0]} {k} {_j(it[1], '을', '를')} 샀어요.",
     [KO_SUBJ, KO_PLACE, KO_ITEM, KO_NUM]),
    (lambda s, t, c, g: f"{_j(s, '은', '는')} {t} {c}에 {g} 갈 거예요.", [KO_SUBJ, KO_FUT, KO_CITY, KO_GOAL]),
    (lambda src, h: f"{src}에 따르면 {_j(h[0], '은', '는')} {h[1]}고 합니다.", [KO_SRC, KO_HEARSAY]),
    (lambda s, ab: f"{_j(s, '은', '는')} {ab[0]}보다 {_j(ab[1], '을', '를')} 더 좋아해요.", [KO_SUBJ, KO_PAIR]),
    (lambda d, s, o, v: f"{d} 회의에서 {_j(s, '이', '가')} {o}에 대해 {v}.", [KO_DAY, KO_SUBJ, KO_TOPIC, KO_TALK]),
    (lambda o, f, p: f"{_j(o, '은', '는')} {f}부터 {p} 계획이라고 밝혔습니다.", [KO_ORG, KO_FROM, KO_POLICY]),
    (lambda t, p, e: f"혹시 {t} {p}에서 {_j(e, '이', '가')} 열리나요?", [KO_FUT, KO_PLACE, KO_EVENT]),
]

_TEMPLATES = {'fr': FR, 'ja': JA, 'ko': KO}

def _size(slots):
    """Number of slot combinations of one template."""
    return math.prod(len(s) for s in slots)

def _render(template, idx):
    """Sentence for combination number `idx` of a template (mixed-radix decoding of the slots)."""
    fn, slots = template
    args = []
    for s in slots:
        idx, r = divmod(idx, len(s))
        args.append(s[r])
    return fn(*args)

def describe() -> dict:
    """Return {lang: exact number of distinct sentences the templates can produce}."""
    return {lang: sum(_size(t[1]) for t in _TEMPLATES[lang]) for lang in GENERATED_LANGS}

def generated_sentences(lang: str, n: int, seed: int = 0) -> list[str]:
    """n distinct sentences in `lang`, the same for the same (lang, n, seed) in every process."""
    if lang not in _TEMPLATES:
        raise ValueError(f"unknown lang {lang!r}; expected one of {GENERATED_LANGS}")
    cap = describe()[lang]
    if not 0 <= n <= cap:
        raise ValueError(f"n={n} out of range for {lang!r}: the maximum is {cap} distinct sentences")
    rng = random.Random(f"{lang}-{seed}")  # string seed: stable across processes (no hash randomisation)
    templates = _TEMPLATES[lang]
    sizes = [_size(t[1]) for t in templates]
    used = [set() for _ in templates]
    active = list(range(len(templates)))  # pick a template uniformly first, so every template is represented
    out, seen = [], set()
    while len(out) < n and active:
        k = active[rng.randrange(len(active))]
        idx = rng.randrange(sizes[k])
        if idx not in used[k]:
            used[k].add(idx)
            if len(used[k]) == sizes[k]:
                active.remove(k)
            s = _render(templates[k], idx)
            if s not in seen:  # combinations are distinct by construction; this is only a safety net
                seen.add(s)
                out.append(s)
    if len(out) < n:  # unreachable unless two combinations ever rendered the same text
        raise ValueError(f"only {len(out)} distinct sentences could be made for {lang!r}")
    return out
