"""Common given names and the gender they usually carry, for choosing the antecedent of "he"/"she".

Written for this project from general knowledge; a name missing here, or used by
people of either gender (e.g. "jordan", "alex", "taylor"), has no known gender and
the extractor then relies on context alone.

All entries are lower case ASCII with accents stripped ("francois", "jose",
"helene"); compound French given names keep their hyphen ("jean-pierre").
"""

MALE = frozenset("""
james john robert michael william david richard joseph thomas charles christopher daniel matthew
anthony mark donald steven stephen paul andrew joshua kenneth kevin brian bryan george timothy ronald
edward jason jeffrey jeffery ryan jacob gary nicholas eric erik jonathan scott brandon benjamin samuel
gregory alexander frank patrick raymond jack dennis jerry tyler aaron adam nathan henry douglas
zachary peter kyle ethan walter noah jeremy christian keith roger gerald harold sean shawn shaun
austin carl karl arthur lawrence dylan billy joe bruce gabriel logan albert willie alan allan allen
wayne elijah randy roy vincent ralph eugene russell bobby mason philip phillip louis harry howard
fred johnny martin craig stanley travis bradley leonard earl curtis todd dale glenn glen warren
clarence jimmy dustin derek nathaniel marcus barry norman francis seth chad victor lucas oliver liam
owen hunter connor caleb isaac luke evan gavin jackson aiden aidan jayden carter wyatt grayson levi
julian hudson lincoln jaxon asher leo theodore colton cooper ezra maverick miles silas everett jace
easton nolan brody declan weston bennett ian max maxwell elliot elliott roman xavier damian dominic
tristan jasper beau finn graham rhett wesley spencer brady garrett trent troy chase cody colin corey
derrick grant heath jared mitchell neil neal preston reid shane trevor wade zane adrian alfred alvin
arnold bernard blake boyd brent brett bryce byron calvin cecil cedric clayton clifford clyde conrad
cornelius damon darnell darrell darren darryl daryl dean delbert desmond devin dewey dominick duane
dwayne dwight edgar edmund edwin elbert eli elias ellis elmer elton emmett ernest ervin erwin felix
fletcher floyd forrest franklin frederick fredrick garry garth gene geoffrey gilbert gordon grady
guy harlan harris harrison harvey herbert herman homer horace hubert irving irvin ivan jerome joel
jonah josiah julius kent kurt lamar leon leroy lester lewis lloyd lowell lyle malcolm marshall marvin
maurice melvin milton morris murray myron nelson norbert norris otis otto percy perry quentin
randall randolph reginald rex rodney roderick roland ross rudolph rufus salvatore sebastian sheldon
sherman simon solomon sterling stewart stuart sylvester terrence terence thaddeus tobias ulysses
vernon virgil wallace ward wendell wilbur willard willis wilson winston woodrow jonas gideon
ambrose barnaby cyrus emmanuel ezekiel jeremiah jethro lionel micah nigel rupert sinclair
bill
bob jim mike mikey dave davey rick ricky rich richie dick tom tommy tony steve andy danny dan matt
ken kenny tim timmy ron ronnie ed eddie ted teddy jeff greg gregg larry joey ben benny benji nate zach
zack doug dougie pete jake hank chuck ray al freddie freddy jon jonny walt wally gus vince vinny vinnie
sal lou louie stu phil rob robbie bert bernie herb hal gerry ernie archie reggie marty barney
cliff butch buck bud buddy chet clint kirk gil hugh hugo ike abe manny brad mitch mickey monty russ
stan vic will willy woody zeke theo jay ty kip jeb jed josh gabe len lenny nick nico don donnie
cal jimmie johnnie tommie bart artie
deshawn dashawn demetrius darius jamal jamar jermaine tyrone terrell lamont marquis rashad deandre
jalen jaylen malik tremaine antoine antwan kareem karim devonte tavon trayvon keshawn dante jabari

francois pierre jacques michel andre rene marcel gilles yves luc alain denis normand gaetan sylvain
mathieu etienne benoit stephane sebastien philippe nicolas julien maxime olivier guillaume alexandre
laurent serge claude gerard marc patrice pascal rejean gaston lucien emile georges henri hugues
florent fernand armand aime herve thierry frederic remi regis roch yvon ghislain germain clement
damien fabien jules leandre ludovic raoul rodrigue thibault yannick noel mario dany jean-pierre
jean-francois jean-marc jean-guy jean-claude jean-paul jean-louis jean-philippe jean-sebastien
jean-charles jean-yves jean-michel jean-marie jean-luc jean-simon jean-denis jean-martin marc-andre
marc-antoine pierre-luc pierre-marc pierre-olivier louis-philippe paul-emile
jose juan carlos luis jorge miguel pedro manuel francisco javier antonio alejandro ricardo fernando
roberto eduardo raul sergio rafael enrique andres diego jesus oscar arturo armando alberto hector
ramon ruben alfredo ernesto guillermo gustavo pablo salvador santiago mateo emilio gerardo ignacio
joaquin julio lorenzo marco marcos mauricio nestor octavio orlando osvaldo rodrigo rogelio tomas
vicente agustin alfonso benito cesar cristian felipe gilberto gonzalo heriberto humberto israel
leonardo lucio esteban efrain emiliano fidel gregorio ismael leandro lazaro moises pancho paco pepe
rolando saul teodoro ulises valentin adolfo adan aurelio bernardo camilo cristobal dario domingo
fabian fausto federico horacio isidro jacinto jeronimo josue luciano marcelo maximiliano nacho
oswaldo rigoberto silvio valentino wilfredo abel alonso alvaro santos
joao paulo luiz rui tiago goncalo joaquim
giuseppe giovanni francesco luigi paolo stefano alessandro matteo luca carlo gianni giorgio enzo
dino vito rocco fabio massimo maurizio pietro raffaele umberto vittorio
hans klaus jurgen wolfgang dieter gunther helmut horst heinz fritz franz gerhard manfred uwe ulrich
dietrich friedrich heinrich ernst rolf werner detlef lars sven nils anders bjorn olaf jens jorgen
magnus henrik mats soren torsten stig axel
moshe avi yosef yitzhak ari chaim shlomo
constantine kostas dimitri dimitrios nikos yannis spiros christos panagiotis stavros
raj rajesh ramesh suresh mahesh dinesh ganesh rakesh mukesh naresh sanjay vijay ajay anil sunil amit
sumit rohit mohit ankit arjun rahul vikram vikas vivek vishal deepak manoj ashok arun varun karan
kunal nikhil sachin sandeep pradeep kuldeep jagmeet harjit hardeep ujjal sanjeev rajiv
rajeev prakash krishna gopal hari ravi shankar vinod vinay pramod pankaj sameer samir naveen
praveen abhishek akshay aditya siddharth rohan sahil tarun harish girish satish anand arvind
aravind ashwin vikrant yash dev devendra jitendra narendra surendra rajendra mahendra harsh chetan
nitin navin pranav amar ranjit manish ashish jagdish subhash ram shyam mohan madhav keshav uday
raghav gautam kapil piyush pawan saurabh tushar vaibhav vipin yogesh rishi jaswant
mohammed muhammad mohamed mohammad ahmed ahmad ali omar umar hassan hasan hussein husain ibrahim
ismail yusuf youssef yousef khalid tariq tarek rashid sami ziad walid waleed
nabil faisal fahad majid hamza bilal abdullah abdul abdel abdulrahman abdullahi abdirahman abdi
amir amin nasser nasir rami fadi hani hadi imad issa jalal jamil kamal mahmoud mohamud mustafa
mostafa osama nader qasim rafiq raed salim saleh salah sultan taha wael yasser yasir zaid zakaria
adel adil anwar ashraf ayman bassam emad fouad ghassan hamid hatem hisham ihab marwan mazen moussa
munir nizar riad riyad sadiq sharif suleiman tamer wassim yahya zayed mehdi reza hossein
farhad dariush babak behnam saeed arash navid payam ramin kaveh imran irfan asif arif zahid sajid
nadeem mehmet emre burak murat kemal orhan recep ahmet hakan serkan
kwame kofi kojo kwaku kwabena kwesi yaw chinedu emeka obinna chukwuemeka ikechukwu nnamdi olumide
tunde babatunde adebayo segun olusegun kunle jide ifeanyi okechukwu jomo
juma thabo sipho mandla bongani jabulani tesfaye abebe haile girma dawit yohannes tewodros
igor sergei sergey dmitri dmitry vladimir vladislav alexei alexey aleksandr andrei andriy
andrey mikhail nikolai nikolay oleg pavel petr piotr yury yuriy boris viktor vitaly vitali
vitaliy volodymyr oleksandr oleksiy mykola taras bohdan bogdan yaroslav stanislav miroslav
jaroslav radoslav wojciech krzysztof tomasz marek pawel lukasz jakub kamil mateusz grzegorz janusz
jerzy zbigniew andrzej tadeusz stanislaw kazimierz witold wladyslaw dariusz mariusz jaroslaw artur
rafal konrad szymon milan dragan goran zoran dusan nenad stefan stjepan ante tomislav aleksandar
branko milos nikola jiri vaclav ondrej lubomir vasile mihai gheorghe florin radu dorin sorin
laszlo zoltan istvan gyorgy ferenc sandor attila gabor tibor imre arpad lajos janos petro vasyl
yevhen serhiy oleh dmytro maksym artem denys anatoliy gennady grigory evgeny yevgeny konstantin
leonid anatoly arkady fyodor gleb lev ilya kirill maxim timur ruslan rustam vadim vasily semyon
padraig ciaran kieran cian conor conall diarmuid dermot donal eamon eamonn eoin fergus fionn finbar
killian cillian lorcan niall oisin ronan rory ruairi seamus tadhg darragh colm cormac brendan enda
fintan malachy cathal hamish alasdair alastair alistair angus callum calum duncan ewan euan fraser
gregor iain lachlan murdo struan finlay keir
hiroshi takeshi kenji haruki hideki hideo hiroki kazuo koji masato naoki osamu satoshi shinji shota
takashi taro tetsuya yoshio daisuke kenta kazuki tadashi ichiro jiro kenichi minoru shigeru shinzo
yoshihide fumio junichiro takuya ryota haruto takumi naoto masahiro yasuo toshio isamu
qiang zhiqiang jianguo guoqiang jianjun haoran zihao junjie jiahao tuan quang duc huy
""".split())

FEMALE = frozenset("""
mary patricia jennifer linda elizabeth barbara susan jessica sarah sara karen lisa nancy betty
margaret sandra ashley kimberly emily donna michelle carol carole amanda dorothy melissa deborah
debra stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
nicole helen samantha katherine kathryn catherine christine rachel carolyn janet maria heather diane
dianne ruth julie olivia joyce virginia victoria lauren christina joan evelyn judith megan meghan
cheryl hannah jacqueline martha gloria teresa theresa ann anne madison frances janice abigail alice
julia judy sophia sofia grace denise amber doris marilyn danielle beverly isabella diana natalie
brittany charlotte marie kayla lori ava mia ella scarlett luna chloe penelope layla zoey
zoe nora norah lily lilly eleanor hazel violet aurora savannah audrey brooklyn bella claire clare
lucy paisley everly caroline nova genesis emilia maya willow kinsley naomi aaliyah elena ariana
allison alison gabriella madelyn cora ruby eva serenity autumn adeline hailey haley gianna
valentina isla eliana nevaeh ivy sadie piper lydia alexa josephine delilah arianna vivian kaylee
sophie brielle madeline madeleine clara hadley melanie adalynn liliana aubree
jade isabelle natalia raelynn athena ximena leilani faith rose kylie alexandra lyla amaya
eliza brianna khloe jasmine melody iris isabel annabelle valeria adalyn ryleigh emersyn anastasia
alyssa juliana esther cecilia valerie alina molly aliyah sydney jordyn eloise trinity daisy
genevieve arabella harmony elise teagan sloane laila lucia juliette sienna elliana londyn ayla
callie gracie josie amara daniela everleigh mya alana brooke alaina amelia lila lola addison
agnes alma annie bernice bertha beatrice blanche carrie edith edna elsie ellen ethel florence
gertrude gladys hattie irene jennie jessie lena lillian lottie louise lucille mabel mae maggie
mamie mattie maude minnie mildred myrtle nellie nettie pearl sallie sally stella viola vera
wilma winifred lois marjorie norma geraldine rosemary juanita peggy phyllis joanne eileen jane
arlene carla connie dolores elaine gail gwendolyn holly jill joann joanna kathy kay kristen
kristin lynn lynne marcia marlene maxine nina paula rhonda roberta sherry shelly shelley sheila sue
susie suzy tammy tanya tina toni vanessa vicki vickie vicky wendy yvonne bonnie becky cathy cindy
colleen darlene dawn debbie debby erica erika gina jenny jenn jen joy judi julianne kari karla
katie kate katy kristy kristi kristina krista leah lorraine lynda mandy marianne marsha melinda
misty patsy penny rita robyn rosa roxanne sabrina sheryl stacey stacy tara teri terri tiffany
tricia trisha trish whitney courtney kendra kara cara hillary helena henrietta harriet ingrid
imogen jemima june april may miranda muriel nadia olive ophelia
pauline priscilla rosalind rosalie sabina selena selina serena tabitha tamara tessa ursula wanda
wilhelmina yolanda bridget brigid kirsten karin britt elsa greta freya astrid sigrid solveig
liz lizzie lizzy beth betsy bette libby elle ellie kat kitty meg polly jess becca patty patti pam deb
abby gabby gaby nell bea trixie dottie dolly barb babs nikki chrissy missy lexi lexie
allie ally nan frannie franny jo millie tillie effie bessie maddie tori cassie cassandra
marge margie madge peg ginny ginger gwen jenna jeanne jeannie joanie lorna lucinda
rosie rosanne roseanne roxy trudy wendi
marie-claude marie-eve marie-josee marie-france marie-helene marie-christine marie-louise
marie-pier marie-pierre marie-soleil anne-marie anne-sophie
nathalie sylvie chantal josee manon francine lise suzanne monique helene veronique emilie ariane
celine ginette jocelyne johanne lucie micheline pierrette rejeanne solange therese yvette
claudette colette francoise gabrielle mireille murielle nadine odette
pascale raymonde renee sandrine virginie martine brigitte heloise lea oceane noemie amelie justine
maryse marjolaine fanny karine ghislaine guylaine huguette jeannine gisele rolande paulette simone
josiane emmanuelle annick lyne mylene sonia
carmen guadalupe juana luz marisol esperanza lourdes beatriz adriana
alejandra veronica claudia monica leticia araceli margarita silvia raquel mercedes
pilar consuelo concepcion catalina gabriela fernanda paola mariana marisa marta rocio soledad
graciela luisa regina renata paulina lorena irma olga estela angelica celia cristina elvira
fabiola francisca imelda ines josefina julieta lidia luciana magdalena maribel maricela marina
milagros miriam nayeli noemi ofelia reyna susana viviana yesenia zoraida anabel amparo
carolina perla esmeralda yadira itzel jimena abril ariadna belen corazon dulce
joana leonor catarina conceicao
giulia francesca chiara alessandra giovanna rosalia concetta carmela antonella
federica elisa donatella loredana
helga gisela monika heike sabine katrin birgit gudrun hildegard annette angelika
anke ute silke inga ulla birgitta
yael tamar shira noa rivka tova
eleni despina katerina
priya pooja puja anjali sunita anita kavita savita geeta gita neeta nita rekha meena seema reema
neha sneha shreya divya deepa deepika lakshmi padma radha sita asha usha nisha ayesha preeti
shilpa swati smita sushma shanti shobha shalini nalini mala malini indira kamala lata leela
manisha meera mira nandini pallavi parvati poonam rani ritu riya sapna shruti simran
tanvi uma vandana veena vidya aarti aishwarya ananya aditi alka amrita anupama archana bhavna chitra
heena hema jaya kajal madhuri mamta namrata payal rashmi rupa sangeeta sarita sheetal shweta sonal
fatima fatimah aisha aicha khadija maryam mariam yasmin yasmine zainab zaynab zeinab leila
noor amira samira salma rania dina dalia hana hanan huda lina lubna malak manal mona muna nada
najwa nisreen noura rasha reem rima rana sana suha wafa wafaa widad yara zahra hiba houda jamila
karima latifa lamia maha nabila nawal rawan ruba safa sahar salwa samar shireen sherin souad
tahani asma amal halima hawa hodan ifrah fadumo faduma ilhan amina shirin parisa farah fereshteh
mahnaz nasrin roya soraya azadeh nazanin neda mina elif zeynep ayse fatma emine merve esra
ama akua abena efua adwoa akosua yaa ngozi chioma adaeze amaka chiamaka nkechi funmilayo folake
funke yetunde titilayo bukola omolara ifeoma nneka chimamanda nomvula thandiwe thandeka zanele
nomsa lindiwe nandi busisiwe tigist meron hirut almaz
natasha natalya tatiana tatyana svetlana irina yelena galina ludmila lyudmila larisa oksana anya
ekaterina yekaterina katya katarzyna agnieszka malgorzata beata dorota ewa elzbieta grazyna
jadwiga justyna krystyna urszula zofia halina danuta bozena marzena iwona aleksandra alicja
weronika zuzana jana ivana petra lenka milena vesna jelena mirjana snezana dragana gordana
ljiljana biljana marija ivanka bojana mila daria darya viktoriya viktoria nadezhda nadya lyubov
zoya yulia yuliya kseniya ksenia alla inna lilia liliya polina sofiya raisa erzsebet katalin
ildiko zsuzsanna krisztina ioana andreea mihaela simona roxana corina ileana oana
aoife siobhan niamh saoirse roisin sinead orla orlaith aisling caoimhe clodagh grainne mairead
maeve meabh deirdre eilish fiona maureen una nuala sorcha ciara ailbhe aine eimear emer
fionnuala mairin muireann oonagh shauna eilidh kirsty morag mhairi catriona ailsa iona elspeth
fenella flora ishbel rhona shona
yoko keiko yumiko naoko hiroko akiko michiko sachiko tomoko kazuko noriko emiko fumiko junko kyoko
mariko masako reiko sayuri yuko yui aiko ayumi haruka kaori megumi miho misaki nanami rie saori
sakura yumi yoshiko chieko midori mei meiling xiaomei ling fang ying xiuying huifang thuy huong
trang hoa mai
""".split())

# Names added after the list was first written, as the regression set and the
# sample corpus showed them missing.
FEMALE = FEMALE | frozenset("""ana ilse elin odile rhea anja ines agnes solveig astrid birgit sigrid corinne suzette
josiane ginette huguette sylvie mireille lucienne colette odette yvette paulette gisele solange ghislaine
murielle""".split())
MALE = MALE | frozenset("ivo caspar mateus felix omar tomas matteo luca gord gaetan rejean".split()) - FEMALE
